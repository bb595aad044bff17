//! Which `Host` header values the preview answers, so a web page cannot
//! read it by DNS rebinding.
//!
//! A page on `evil.example` can point its own name at 127.0.0.1 and then
//! read `http://evil.example:3000/` as same-origin; the only sign on the
//! server is the `Host` header, which still names `evil.example`. So the
//! preview answers only names that cannot be rebound: IP literals (of the
//! address it is bound to, or any loopback address when bound to loopback,
//! or any address when bound to all of them) and `localhost`, which
//! browsers resolve to loopback themselves. The port is not compared: a
//! forwarded or tunnelled port reaches the same server under another
//! number, and the port plays no part in rebinding.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

/// The Host values the preview answers, from the address it is bound to.
#[derive(Debug, Clone, Copy)]
pub struct Hosts {
    bound: IpAddr,
}

/// What a `Host` header value names.
#[derive(Debug, PartialEq, Eq)]
enum Name {
    Ip(IpAddr),
    Localhost,
    Other,
}

/// Why a Host value is not answered.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Not a valid `host[:port]` (answered 400).
    Malformed,
    /// A valid name the preview does not answer to (answered 421).
    Elsewhere,
}

impl Hosts {
    /// The policy for a server bound to `bound`.
    pub fn for_address(bound: IpAddr) -> Hosts {
        Hosts {
            bound: bound.to_canonical(),
        }
    }

    /// Whether the server is bound to a loopback address only (an
    /// IPv4-mapped loopback address such as `::ffff:127.0.0.1` counts).
    pub fn is_loopback(&self) -> bool {
        self.bound.is_loopback()
    }

    /// Where the preview can be reached, in words (for the 421 answer).
    pub fn describe(&self, port: u16) -> String {
        let url = format!("http://{}/", SocketAddr::new(self.bound, port));
        if self.bound.is_loopback() {
            format!("{url} (or localhost, or another loopback address)")
        } else if self.bound.is_unspecified() {
            format!("an IP address of this machine, such as http://127.0.0.1:{port}/")
        } else {
            url
        }
    }

    /// Whether a request whose `Host` header is `value` is answered.
    pub fn check(&self, value: &str) -> Result<(), Refusal> {
        let name = parse(value).ok_or(Refusal::Malformed)?;
        let answered = match name {
            Name::Ip(ip) => {
                let ip = ip.to_canonical();
                self.bound.is_unspecified()
                    || ip == self.bound
                    || (self.bound.is_loopback() && ip.is_loopback())
            }
            Name::Localhost => self.bound.is_loopback() || self.bound.is_unspecified(),
            Name::Other => false,
        };
        if answered {
            Ok(())
        } else {
            Err(Refusal::Elsewhere)
        }
    }
}

/// Parses `host`, `host:port`, `[v6]` or `[v6]:port`; names are compared
/// without case and without one trailing dot.
fn parse(value: &str) -> Option<Name> {
    let (host, port) = match value.strip_prefix('[') {
        Some(rest) => {
            let (inside, after) = rest.split_once(']')?;
            let port = match after {
                "" => None,
                _ => Some(after.strip_prefix(':')?),
            };
            let ip: Ipv6Addr = inside.parse().ok()?;
            return valid_port(port).then_some(Name::Ip(IpAddr::V6(ip)));
        }
        None => match value.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (value, None),
        },
    };
    if !valid_port(port) {
        return None;
    }
    let host = host.strip_suffix('.').unwrap_or(host);
    let label = |b: u8| b.is_ascii_alphanumeric() || b == b'-' || b == b'_';
    if host.is_empty()
        || host.starts_with('.')
        || host.ends_with('.')
        || host.contains("..")
        || !host.bytes().all(|b| label(b) || b == b'.')
    {
        return None;
    }
    if let Ok(ip) = host.parse::<Ipv4Addr>() {
        return Some(Name::Ip(IpAddr::V4(ip)));
    }
    Some(if host.eq_ignore_ascii_case("localhost") {
        Name::Localhost
    } else {
        Name::Other
    })
}

/// An empty port is allowed (RFC 3986 `port = *DIGIT`); otherwise a
/// number up to 65535.
fn valid_port(port: Option<&str>) -> bool {
    match port {
        None | Some("") => true,
        Some(port) => {
            port.len() <= 5
                && port.bytes().all(|b| b.is_ascii_digit())
                && port.parse::<u16>().is_ok()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts(bound: &str) -> Hosts {
        Hosts::for_address(bound.parse().unwrap())
    }

    #[test]
    fn loopback_answers_loopback_names_only() {
        for bound in ["127.0.0.1", "::1", "::ffff:127.0.0.1", "127.0.0.2"] {
            let policy = hosts(bound);
            assert!(policy.is_loopback(), "{bound}");
            for ok in [
                "127.0.0.1",
                "127.0.0.1:3000",
                "127.0.0.1.",
                "127.0.0.1.:3000",
                "127.1.2.3",
                "localhost",
                "LOCALHOST:3000",
                "LocalHost.",
                "localhost.:8080",
                "[::1]",
                "[::1]:3000",
                "[0:0:0:0:0:0:0:1]:3000",
                "[::ffff:127.0.0.1]",
                "[::FFFF:7f00:1]:1",
                "localhost:",
            ] {
                assert_eq!(policy.check(ok), Ok(()), "{bound} refused {ok}");
            }
            for elsewhere in [
                "evil.example.com",
                "evil.example.com:3000",
                "EVIL.EXAMPLE.COM.",
                "localhost.evil.example",
                "127.0.0.1.evil.example",
                "sub.localhost",
                "10.0.0.1",
                "0.0.0.0",
                "[::]",
                "[2001:db8::1]:3000",
                "[::ffff:10.0.0.1]",
                "example",
            ] {
                assert_eq!(
                    policy.check(elsewhere),
                    Err(Refusal::Elsewhere),
                    "{bound} answered {elsewhere}"
                );
            }
        }
    }

    #[test]
    fn malformed_values_are_refused() {
        let policy = hosts("127.0.0.1");
        for bad in [
            "",
            ".",
            "127.0.0.1:abc",
            "127.0.0.1:99999",
            "127.0.0.1:3000:1",
            "::1",
            "[::1",
            "[::1]x",
            "[::1]:x",
            "[evil.example]",
            "local host",
            "localhost..",
            ".localhost",
            "a..b",
            "user@127.0.0.1",
            "127.0.0.1/x",
        ] {
            assert_eq!(policy.check(bad), Err(Refusal::Malformed), "{bad:?}");
        }
    }

    #[test]
    fn a_specific_address_answers_itself() {
        let policy = hosts("192.0.2.7");
        assert!(!policy.is_loopback());
        assert_eq!(policy.check("192.0.2.7:3000"), Ok(()));
        assert_eq!(policy.check("[::ffff:192.0.2.7]"), Ok(()));
        assert_eq!(policy.check("127.0.0.1"), Err(Refusal::Elsewhere));
        assert_eq!(policy.check("localhost"), Err(Refusal::Elsewhere));
        assert_eq!(policy.check("preview.example"), Err(Refusal::Elsewhere));
        assert_eq!(policy.describe(3000), "http://192.0.2.7:3000/");
        assert!(hosts("::ffff:127.0.0.1")
            .describe(1)
            .starts_with("http://127.0.0.1:1/ (or localhost"));
        assert!(hosts("::")
            .describe(1)
            .starts_with("an IP address of this machine"));
    }

    #[test]
    fn all_addresses_answer_any_literal_but_no_other_name() {
        for bound in ["0.0.0.0", "::", "::ffff:0.0.0.0"] {
            let policy = hosts(bound);
            assert!(!policy.is_loopback());
            for ok in ["192.0.2.7", "[2001:db8::1]:3000", "127.0.0.1", "localhost"] {
                assert_eq!(policy.check(ok), Ok(()), "{bound} refused {ok}");
            }
            assert_eq!(policy.check("my-laptop.local"), Err(Refusal::Elsewhere));
            assert_eq!(policy.check("evil.example.com"), Err(Refusal::Elsewhere));
        }
    }
}

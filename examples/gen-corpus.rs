//! Writes a synthetic register of N processes, and the same pages as a Hugo
//! site, for the benchmarks in `bench/run.sh`.
//!
//! ```sh
//! cargo run --release --example gen-corpus -- 1000 /tmp/corpus
//! ```
//!
//! writes `/tmp/corpus/procbook/` (a register that passes
//! `procbook check --today 2026-11-25`: units in a valdkond > osakond > grupp
//! tree, roles, wiki spaces, a directive in force and the edition it
//! repealed, and one guidelines page of about 400 words per process) and
//! `/tmp/corpus/hugo/` (a Hugo site with the same N pages and minimal
//! layouts). The output depends only on N: a small seeded generator
//! (splitmix64) stands in for a random crate, so the corpus is the same on
//! every machine and needs no extra dependency.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

/// The day the generated register is valid on: every review date lies in
/// the few months before it.
pub const TODAY: &str = "2026-11-25";

/// splitmix64: tiny, fast and good enough to vary test data.
pub struct Rng(u64);

impl Rng {
    /// A generator that always yields the same sequence for `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// One element of `items`.
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// Genitive nouns that name what a process manages, with an English word.
const SUBJECTS: &[(&str, &str)] = &[
    ("teenuste", "service"),
    ("intsidentide", "incident"),
    ("muudatuste", "change"),
    ("probleemide", "problem"),
    ("lepingute", "contract"),
    ("hangete", "procurement"),
    ("riskide", "risk"),
    ("andmete", "data"),
    ("kasutajate", "user"),
    ("õiguste", "access right"),
    ("seadmete", "device"),
    ("litsentside", "licence"),
    ("tarnijate", "supplier"),
    ("projektide", "project"),
    ("eelarvete", "budget"),
    ("dokumentide", "document"),
    ("pöördumiste", "request"),
    ("konfiguratsiooni", "configuration"),
    ("võimekuse", "capacity"),
    ("kättesaadavuse", "availability"),
    ("turvaintsidentide", "security incident"),
    ("varade", "asset"),
    ("teadmiste", "knowledge"),
    ("mõõdikute", "metrics"),
    ("koolituste", "training"),
    ("arhiivi", "archive"),
    ("väljalasete", "release"),
    ("testide", "test"),
    ("keskkondade", "environment"),
    ("varunduste", "backup"),
    ("isikuandmete", "personal data"),
    ("ligipääsude", "access"),
    ("sündmuste", "event"),
    ("nõuete", "requirement"),
    ("kvaliteedi", "quality"),
    ("infoturbe", "information security"),
    ("võrgu", "network"),
    ("serverite", "server"),
    ("rakenduste", "application"),
    ("tööjaamade", "workstation"),
    ("sertifikaatide", "certificate"),
    ("domeenide", "domain"),
    ("logide", "log"),
    ("päringute", "query"),
    ("õppuste", "exercise"),
];

/// What a process does with its subject, with an English word.
const ACTIONS: &[(&str, &str)] = &[
    ("haldus", "management"),
    ("juhtimine", "governance"),
    ("korraldus", "organisation"),
    ("arendus", "development"),
    ("planeerimine", "planning"),
    ("kontroll", "control"),
    ("seire", "monitoring"),
    ("hindamine", "assessment"),
    ("kinnitamine", "approval"),
    ("menetlus", "handling"),
    ("ülevaatus", "review"),
    ("koordineerimine", "coordination"),
];

/// Qualifiers some process names start with.
const QUALIFIERS: &[&str] = &[
    "asutuseülene",
    "sisemine",
    "strateegiline",
    "operatiivne",
    "tsentraalne",
    "ühtne",
    "pidev",
    "iga-aastane",
    "ennetav",
    "kiire",
    "põhjalik",
    "süsteemne",
];

/// Titles of roles, after a genitive subject.
const TITLES: &[&str] = &[
    "protsessijuht",
    "grupijuht",
    "osakonnajuhataja",
    "peaspetsialist",
    "analüütik",
    "arhitekt",
    "koordinaator",
    "tootejuht",
    "teenusejuht",
];

/// Words the guideline text is made of.
const WORDS: &[&str] = &[
    "protsess",
    "teenus",
    "kasutaja",
    "juhend",
    "kinnitamine",
    "andmed",
    "haldus",
    "muudatus",
    "tellimus",
    "vastutus",
    "arendus",
    "kvaliteet",
    "tähtaeg",
    "kokkulepe",
    "õigus",
    "ülevaatus",
    "järelevalve",
    "süsteem",
    "töökeskkond",
    "sündmus",
    "intsident",
    "lahendus",
    "pöördumine",
    "täitmine",
    "eesmärk",
    "tulem",
    "omanik",
    "osapool",
    "nõue",
    "risk",
    "mõju",
    "hinnang",
    "analüüs",
    "aruanne",
    "kohtumine",
    "otsus",
    "ettepanek",
    "ülesanne",
    "tegevus",
    "etapp",
    "samm",
    "dokument",
    "kirjeldus",
    "põhimõte",
    "mõõdik",
    "tase",
    "ootus",
    "klient",
    "asutus",
    "keskus",
    "valdkond",
    "osakond",
    "juht",
    "spetsialist",
    "tarnija",
    "leping",
    "hange",
    "eelarve",
    "plaan",
    "ajakava",
    "võimekus",
    "turvalisus",
    "kättesaadavus",
    "läbipaistvus",
    "tagab",
    "kirjeldab",
    "kinnitab",
    "hindab",
    "korraldab",
    "koostab",
    "edastab",
    "registreerib",
    "lahendab",
    "jälgib",
    "täiendab",
    "vaatab",
    "üle",
    "teavitab",
    "määrab",
    "kooskõlastab",
    "ajakohane",
    "kokkulepitud",
    "oluline",
    "vajalik",
    "asutuseülene",
    "ühtne",
    "kvaliteetne",
    "süstemaatiline",
    "korduv",
    "kriitiline",
    "kiire",
    "selge",
    "dokumenteeritud",
    "ja",
    "ning",
    "või",
    "kui",
    "et",
    "mille",
    "vastavalt",
    "koos",
    "enne",
    "pärast",
    "iga",
    "kõik",
    "selle",
    "mis",
    "kes",
    "kus",
    "juures",
    "alusel",
    "kaudu",
    "jooksul",
    "hiljemalt",
    "vähemalt",
];

/// Headings of the guideline sections.
const HEADINGS: &[&str] = &[
    "Ülevaade",
    "Eesmärk ja ulatus",
    "Tegevused",
    "Rollid ja vastutus",
    "Sisendid ja väljundid",
    "Mõõdikud",
    "Seotud dokumendid",
    "Erandid",
];

/// One generated process.
struct Process {
    id: String,
    name: String,
    name_en: String,
    /// Index of the owner in `Corpus::roles`.
    owner: usize,
    /// Index of the documentation's space in `Corpus::spaces`.
    space: usize,
}

/// One generated organisation unit.
struct Unit {
    id: String,
    name: String,
    kind: &'static str,
    parent: Option<usize>,
}

/// One generated role.
struct Role {
    id: String,
    name: String,
    unit: usize,
}

/// One generated wiki space.
struct Space {
    id: String,
    key: String,
    name: String,
}

/// The whole generated organisation.
struct Corpus {
    units: Vec<Unit>,
    roles: Vec<Role>,
    spaces: Vec<Space>,
    processes: Vec<Process>,
}

/// Lowercase ASCII slug: Estonian letters written as their base letter,
/// everything else a single hyphen.
fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'õ' | 'ö' => 'o',
            'ä' => 'a',
            'ü' => 'u',
            'š' => 's',
            'ž' => 'z',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// `text` with its first letter in upper case.
fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A YAML double-quoted scalar.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// `base`, or `base-2`, `base-3`, … whichever is not yet in `taken`.
fn unique(base: String, taken: &mut HashSet<String>, separator: &str) -> String {
    if taken.insert(base.to_lowercase()) {
        return base;
    }
    let mut n = 2;
    loop {
        let candidate = format!("{base}{separator}{n}");
        if taken.insert(candidate.to_lowercase()) {
            return candidate;
        }
        n += 1;
    }
}

/// A sentence of `lo..=hi` words.
fn sentence(rng: &mut Rng, lo: usize, hi: usize) -> String {
    let count = rng.range(lo, hi);
    let mut text = String::new();
    for i in 0..count {
        if i > 0 {
            text.push_str(if i > 2 && rng.chance(8) { ", " } else { " " });
        }
        text.push_str(rng.pick(WORDS));
    }
    text.push('.');
    capitalise(&text)
}

/// A paragraph of `sentences` sentences.
fn paragraph(rng: &mut Rng, sentences: usize) -> String {
    (0..sentences)
        .map(|_| sentence(rng, 6, 14))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A review date in the months before [`TODAY`]: August to mid-November 2026.
fn review_date(rng: &mut Rng) -> String {
    let month = rng.range(8, 11);
    let day = if month == 11 {
        rng.range(1, 20)
    } else {
        rng.range(1, 28)
    };
    format!("2026-{month:02}-{day:02}")
}

impl Corpus {
    /// The organisation for `n` processes, always the same for the same `n`.
    fn new(n: usize, rng: &mut Rng) -> Corpus {
        let mut unit_names = HashSet::new();
        let mut unit_ids = HashSet::new();
        let mut units = Vec::new();
        let mut add_unit =
            |units: &mut Vec<Unit>, name: String, kind: &'static str, parent: Option<usize>| {
                let name = unique(name, &mut unit_names, " ");
                let id = unique(slug(&name), &mut unit_ids, "-");
                units.push(Unit {
                    id,
                    name,
                    kind,
                    parent,
                });
                units.len() - 1
            };
        // One top-level department, like a strategy department, then
        // valdkond > osakond > grupp.
        add_unit(&mut units, "Strateegiaosakond".to_string(), "osakond", None);
        let domains = n.div_ceil(400).max(2);
        for d in 0..domains {
            let subject = SUBJECTS[d % SUBJECTS.len()].0;
            let domain = add_unit(
                &mut units,
                capitalise(&format!("{subject} valdkond")),
                "valdkond",
                None,
            );
            for _ in 0..3 {
                let subject = SUBJECTS[rng.below(SUBJECTS.len())].0;
                let dept = add_unit(
                    &mut units,
                    capitalise(&format!("{subject} osakond")),
                    "osakond",
                    Some(domain),
                );
                for _ in 0..2 {
                    let subject = SUBJECTS[rng.below(SUBJECTS.len())].0;
                    add_unit(&mut units, format!("{subject} grupp"), "grupp", Some(dept));
                }
            }
        }

        let mut role_names = HashSet::new();
        let mut role_ids = HashSet::new();
        let roles: Vec<Role> = (0..(n / 3).max(8))
            .map(|_| {
                let name = format!(
                    "{} {}",
                    SUBJECTS[rng.below(SUBJECTS.len())].0,
                    rng.pick(TITLES)
                );
                let name = unique(name, &mut role_names, " ");
                let id = unique(slug(&name), &mut role_ids, "-");
                Role {
                    id,
                    name,
                    unit: rng.below(units.len()),
                }
            })
            .collect();

        let spaces: Vec<Space> = (0..(n / 100).max(2))
            .map(|i| {
                let (subject, _) = SUBJECTS[i % SUBJECTS.len()];
                let round = i / SUBJECTS.len();
                let name = if round == 0 {
                    capitalise(&format!("{subject} ruum"))
                } else {
                    capitalise(&format!("{subject} ruum {}", round + 1))
                };
                Space {
                    id: slug(&name),
                    key: format!("SP{i:04}"),
                    name,
                }
            })
            .collect();

        let mut names = HashSet::new();
        let mut ids = HashSet::new();
        let processes = (0..n)
            .map(|_| {
                let (subject, subject_en) = SUBJECTS[rng.below(SUBJECTS.len())];
                let (action, action_en) = ACTIONS[rng.below(ACTIONS.len())];
                let (name, name_en) = match rng.below(10) {
                    0..=3 => (
                        format!("{subject} {action}"),
                        format!("{subject_en} {action_en}"),
                    ),
                    4..=6 => {
                        let q = rng.pick(QUALIFIERS);
                        (
                            format!("{q} {subject} {action}"),
                            format!("{q} {subject_en} {action_en}"),
                        )
                    }
                    _ => {
                        let (other, other_en) = SUBJECTS[rng.below(SUBJECTS.len())];
                        (
                            format!("{subject} ja {other} {action}"),
                            format!("{subject_en} and {other_en} {action_en}"),
                        )
                    }
                };
                let name = unique(capitalise(&name), &mut names, " ");
                let id = unique(slug(&name), &mut ids, "-");
                Process {
                    id,
                    name,
                    name_en: capitalise(&name_en),
                    owner: rng.below(roles.len()),
                    space: rng.below(spaces.len()),
                }
            })
            .collect();
        Corpus {
            units,
            roles,
            spaces,
            processes,
        }
    }

    /// `processes.yaml`.
    fn register(&self, rng: &mut Rng) -> String {
        let mut y = String::with_capacity(self.processes.len() * 700);
        y.push_str("# yaml-language-server: $schema=./schema/processes.schema.json\n");
        y.push_str("# Generated by `cargo run --example gen-corpus`; valid on 2026-11-25.\n\n");
        y.push_str("settings:\n  review_interval_months: 12\n  due_soon_days: 30\n\n");
        y.push_str("organisation:\n  name: Näidisameti infotehnoloogiakeskus\n  short_name: NIK\n  seat: Tallinn\n\n");
        y.push_str(
            "directives:
  - id: kaskkiri-1-1-61
    number: 1-1/61
    date: 2025-05-05
    kind: käskkiri
    title: Asutuseüleste protsesside korraldamine
    issuer: NIK
    legal_basis: Põhimääruse § 10 lg 1 punkt 10 ja lg 2
    signatory:
      name: Mari Maasikas
      position: peadirektor
      signed: allkirjastatud digitaalselt
    points:
      - Määran asutuseüleste protsesside eesmärgid ja omanikud (lisatud).
      - Kohustan protsessi omanikke hoidma ajakohasena protsesse ja nende juurde kuuluvaid juhiseid.
      - Tunnistan kehtetuks peadirektori 17. detsembri 2020 käskkirja nr 1-1/118.
    annex:
      label: LISA 1
      approval: KINNITATUD 05.05.2025 peadirektori käskkirjaga nr 1-1/61
      intro: Asutuseüleste protsesside eesmärk on tagada kvaliteetne IKT teenuse pakkumine.
      documentation_note: Protsesside dokumentatsioon on asutuse wikis.
  - id: kaskkiri-1-1-118
    number: 1-1/118
    date: 2020-12-17
    kind: käskkiri
    title: Asutuseüleste protsesside korraldamine
    issuer: NIK
    repealed_by: kaskkiri-1-1-61

",
        );
        y.push_str("units:\n");
        for u in &self.units {
            let _ = writeln!(
                y,
                "  - id: {}\n    name: {}\n    kind: {}",
                u.id,
                quoted(&u.name),
                u.kind
            );
            if let Some(p) = u.parent {
                let _ = writeln!(y, "    parent: {}", self.units[p].id);
            }
        }
        y.push_str("\nroles:\n");
        for r in &self.roles {
            let _ = writeln!(
                y,
                "  - id: {}\n    name: {}\n    unit: {}",
                r.id,
                quoted(&r.name),
                self.units[r.unit].id
            );
        }
        y.push_str("\nwiki_spaces:\n");
        for s in &self.spaces {
            let _ = writeln!(
                y,
                "  - id: {}\n    key: {}\n    name: {}\n    url: https://wiki.example.ee/spaces/{}/overview",
                s.id,
                s.key,
                quoted(&s.name),
                s.key
            );
        }
        y.push_str("\nprocesses:\n");
        for (i, p) in self.processes.iter().enumerate() {
            let _ = writeln!(
                y,
                "  - id: {}\n    name: {}\n    name_en: {}",
                p.id,
                quoted(&p.name),
                quoted(&p.name_en)
            );
            y.push_str("    goals:\n");
            for _ in 0..rng.range(1, 3) {
                let _ = writeln!(y, "      - {}", quoted(&sentence(rng, 8, 20)));
            }
            y.push_str("    outcomes:\n");
            for _ in 0..rng.range(1, 2) {
                let _ = writeln!(y, "      - {}", quoted(&sentence(rng, 6, 16)));
            }
            let _ = writeln!(y, "    owner: {}", self.roles[p.owner].id);
            let space = &self.spaces[p.space];
            let _ = writeln!(
                y,
                "    documentation:\n      space: {}\n      page: {}",
                space.id,
                quoted(&p.name)
            );
            if rng.chance(30) {
                let _ = writeln!(
                    y,
                    "      url: https://wiki.example.ee/spaces/{}/pages/{}/{}",
                    space.key,
                    100_000 + i,
                    p.id
                );
            }
            let _ = writeln!(y, "    reviewed_on: {}\n", review_date(rng));
        }
        y
    }

    /// The Markdown body of the guidelines of process `index`: about 400
    /// words with headings, lists, a table and links.
    fn body(&self, index: usize, rng: &mut Rng) -> String {
        let p = &self.processes[index];
        let other = &self.processes
            [(index + 1 + rng.below(self.processes.len().max(2) - 1)) % self.processes.len()];
        let mut md = String::with_capacity(3200);
        let _ = writeln!(md, "## {}\n\n{}\n", HEADINGS[0], paragraph(rng, 6));
        let _ = writeln!(md, "## {}\n\n{}\n", HEADINGS[1], paragraph(rng, 5));
        let _ = writeln!(md, "## {}\n", HEADINGS[2]);
        for step in 1..=rng.range(4, 6) {
            let _ = writeln!(md, "{step}. {}", sentence(rng, 5, 12));
        }
        let _ = writeln!(md, "\n## {}\n", HEADINGS[3]);
        md.push_str("| Roll | Vastutus | Tähtaeg |\n|---|---|---|\n");
        for _ in 0..4 {
            let role = &self.roles[rng.below(self.roles.len())];
            let _ = writeln!(
                md,
                "| {} | {} | {} tööpäeva |",
                role.name,
                sentence(rng, 3, 7),
                rng.range(1, 20)
            );
        }
        let _ = writeln!(md, "\n## {}\n\n{}\n", HEADINGS[4], paragraph(rng, 4));
        for _ in 0..3 {
            let _ = writeln!(
                md,
                "- **{}**: {}",
                capitalise(rng.pick(WORDS)),
                sentence(rng, 4, 10)
            );
        }
        let _ = writeln!(md, "\n## {}\n\n{}\n", HEADINGS[5], paragraph(rng, 4));
        let _ = writeln!(md, "## {}\n", HEADINGS[6]);
        let _ = writeln!(md, "- [{}]({}.md) – seotud protsess", other.name, other.id);
        let _ = writeln!(md, "- [Kehtiv käskkiri](../directives/kaskkiri-1-1-61.md)");
        let _ = writeln!(
            md,
            "- [{} wikis](https://wiki.example.ee/display/{}) – täielik kirjeldus",
            p.name, p.id
        );
        let _ = writeln!(md, "\n## {}\n\n{}", HEADINGS[7], paragraph(rng, 4));
        md
    }
}

/// The text of the directive in force.
const DIRECTIVE_TEXT: &str = "---
directive: kaskkiri-1-1-61
---
**KÄSKKIRI**

Tallinn, 05.05.2025 nr 1-1/61

## Asutuseüleste protsesside korraldamine

1. Määran asutuseüleste protsesside eesmärgid ja omanikud (lisatud).
2. Kohustan protsessi omanikke hoidma ajakohasena protsesse ja nende juurde
   kuuluvaid juhiseid.
3. Tunnistan kehtetuks peadirektori 17. detsembri 2020 käskkirja nr 1-1/118.

(allkirjastatud digitaalselt)
";

const HUGO_CONFIG: &str = r#"baseURL = "https://example.org/"
languageCode = "et"
title = "Protsessid"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
"#;

const HUGO_SINGLE: &str = r#"<!DOCTYPE html>
<html lang="et">
<head><meta charset="utf-8"><title>{{ .Title }} — {{ .Site.Title }}</title></head>
<body>
<header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a></header>
<main>
<h1>{{ .Title }}</h1>
<dl><dt>Omanik</dt><dd>{{ .Params.owner }}</dd><dt>Üle vaadatud</dt><dd>{{ .Params.reviewed_on }}</dd></dl>
{{ .Content }}
</main>
</body>
</html>
"#;

const HUGO_LIST: &str = r#"<!DOCTYPE html>
<html lang="et">
<head><meta charset="utf-8"><title>{{ .Title }} — {{ .Site.Title }}</title></head>
<body>
<main>
<h1>{{ .Title }}</h1>
<ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}</ul>
</main>
</body>
</html>
"#;

const HUGO_INDEX: &str = r#"<!DOCTYPE html>
<html lang="et">
<head><meta charset="utf-8"><title>{{ .Site.Title }}</title></head>
<body>
<main>
<h1>{{ .Site.Title }}</h1>
<table>
<thead><tr><th>Protsess</th><th>Omanik</th></tr></thead>
<tbody>
{{ range .Site.RegularPages }}<tr><td><a href="{{ .RelPermalink }}">{{ .Title }}</a></td><td>{{ .Params.owner }}</td></tr>
{{ end }}</tbody>
</table>
</main>
</body>
</html>
"#;

fn write(path: &Path, text: &str) -> io::Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    fs::write(path, text)
}

/// Files of a site, each as (path under the site, text).
pub type Files = Vec<(String, String)>;

/// The files of the procbook site and of the Hugo site for `n` processes.
pub fn sites(n: usize) -> (Files, Files) {
    let mut rng = Rng::new(0x5EED_0000 ^ n as u64);
    let corpus = Corpus::new(n, &mut rng);
    let mut pb = vec![
        ("processes.yaml".to_string(), corpus.register(&mut rng)),
        (
            "content/directives/kaskkiri-1-1-61.md".to_string(),
            DIRECTIVE_TEXT.to_string(),
        ),
    ];
    let mut hugo = vec![
        ("hugo.toml".to_string(), HUGO_CONFIG.to_string()),
        (
            "layouts/_default/single.html".to_string(),
            HUGO_SINGLE.to_string(),
        ),
        (
            "layouts/_default/list.html".to_string(),
            HUGO_LIST.to_string(),
        ),
        ("layouts/index.html".to_string(), HUGO_INDEX.to_string()),
    ];
    for (i, p) in corpus.processes.iter().enumerate() {
        let body = corpus.body(i, &mut rng);
        let reviewed = rng.chance(50).then(|| review_date(&mut rng));
        let mut front = format!("---\nprocess: {}\n", p.id);
        if let Some(date) = &reviewed {
            let _ = writeln!(front, "reviewed_on: {date}");
        }
        front.push_str("---\n");
        let path = format!("content/processes/{}.md", p.id);
        pb.push((path.clone(), format!("{front}{body}")));
        let hugo_front = format!(
            "---\ntitle: {}\nslug: {}\nowner: {}\nreviewed_on: {}\n---\n",
            quoted(&p.name),
            p.id,
            quoted(&corpus.roles[p.owner].name),
            reviewed.as_deref().unwrap_or(TODAY)
        );
        hugo.push((path, format!("{hugo_front}{body}")));
    }
    (pb, hugo)
}

/// Writes the corpus of `n` processes under `dir` (`procbook/` and `hugo/`),
/// replacing what an earlier run wrote there.
pub fn generate(n: usize, dir: &Path) -> io::Result<()> {
    let (pb, hugo) = sites(n);
    for (name, files) in [("procbook", pb), ("hugo", hugo)] {
        let root = dir.join(name);
        if root.exists() {
            fs::remove_dir_all(&root)?;
        }
        for (path, text) in files {
            write(&root.join(path), &text)?;
        }
    }
    Ok(())
}

/// Writes to `out` a `git fast-import` stream of `commits` commits on
/// `refs/heads/main`: the first adds the procbook site of `n` processes,
/// each later one edits one field of one process in `processes.yaml` (a
/// review date, a goal or an outcome), as owners do.
pub fn history(commits: usize, n: usize, out: &mut impl io::Write) -> io::Result<()> {
    let (files, _) = sites(n);
    let mut rng = Rng::new(0x0415_7041 ^ ((commits as u64) << 20) ^ n as u64);
    let mut lines: Vec<String> = files[0].1.lines().map(str::to_string).collect();
    // The lines each kind of edit changes, by process.
    let ids: Vec<usize> = (0..lines.len())
        .filter(|&i| {
            lines[i].starts_with("  - id: ")
                && lines
                    .get(i + 2)
                    .is_some_and(|l| l.starts_with("    name_en:"))
        })
        .collect();
    let field = |lines: &[String], from: usize, key: &str| {
        (from..lines.len())
            .find(|&i| lines[i] == key || lines[i].starts_with(key))
            .map(|i| if key.ends_with(':') { i + 1 } else { i })
    };
    let targets: Vec<(String, usize, usize, usize)> = ids
        .iter()
        .filter_map(|&at| {
            let id = lines[at]["  - id: ".len()..].to_string();
            Some((
                id,
                field(&lines, at, "    goals:")?,
                field(&lines, at, "    outcomes:")?,
                field(&lines, at, "    reviewed_on: ")?,
            ))
        })
        .collect();
    const AUTHORS: &[&str] = &[
        "Mari Maasikas",
        "Jaan Tamm",
        "Kati Karu",
        "Peeter Pihlakas",
        "Liis Lepik",
    ];
    let mut time: u64 = 1_704_067_200; // 2024-01-01
    for c in 0..commits {
        time += 600 + rng.below(7200) as u64;
        let author = AUTHORS[rng.below(AUTHORS.len())];
        let email = format!("{}@example.ee", slug(author).replace('-', "."));
        let (message, changed): (String, Vec<(String, String)>) = if c == 0 {
            ("Protsesside register".to_string(), files.clone())
        } else {
            let (id, goal, outcome, reviewed) = &targets[rng.below(targets.len())];
            let message = match rng.below(10) {
                0..=4 => {
                    lines[*reviewed] = format!("    reviewed_on: {}", review_date(&mut rng));
                    format!("Protsess {id} üle vaadatud")
                }
                5..=7 => {
                    lines[*goal] = format!("      - {}", quoted(&sentence(&mut rng, 8, 20)));
                    format!("Protsessi {id} eesmärk täpsustatud")
                }
                _ => {
                    lines[*outcome] = format!("      - {}", quoted(&sentence(&mut rng, 6, 16)));
                    format!("Protsessi {id} tulem muudetud")
                }
            };
            let mut text = lines.join("\n");
            text.push('\n');
            (message, vec![("processes.yaml".to_string(), text)])
        };
        writeln!(out, "commit refs/heads/main")?;
        writeln!(out, "author {author} <{email}> {time} +0200")?;
        writeln!(out, "committer {author} <{email}> {time} +0200")?;
        write!(out, "data {}\n{message}\n", message.len())?;
        for (path, text) in &changed {
            writeln!(out, "M 100644 inline {path}")?;
            write!(out, "data {}\n{text}\n", text.len())?;
        }
        writeln!(out)?;
    }
    Ok(())
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: gen-corpus N DIR                   writes DIR/procbook/ and DIR/hugo/ with N processes
       gen-corpus --history COMMITS N    prints a `git fast-import` stream of COMMITS edits of that register";
    let number = |i: usize| {
        args.get(i)
            .and_then(|n| n.parse::<usize>().ok())
            .filter(|n| *n > 0)
    };
    let result = match (args.first().map(String::as_str), args.len()) {
        (Some("--history"), 3) => match (number(1), number(2)) {
            (Some(commits), Some(n)) => {
                let stdout = io::stdout();
                let mut out = io::BufWriter::with_capacity(1 << 20, stdout.lock());
                history(commits, n, &mut out).and_then(|()| io::Write::flush(&mut out))
            }
            _ => Err(io::Error::new(io::ErrorKind::InvalidInput, usage)),
        },
        (_, 2) => match number(0) {
            Some(n) => generate(n, Path::new(&args[1])).map(|()| {
                eprintln!(
                    "wrote {n} processes to {}/procbook and {}/hugo",
                    args[1], args[1]
                )
            }),
            None => Err(io::Error::new(io::ErrorKind::InvalidInput, usage)),
        },
        _ => Err(io::Error::new(io::ErrorKind::InvalidInput, usage)),
    };
    if let Err(e) = result {
        eprintln!("gen-corpus: {e}");
        std::process::exit(if e.kind() == io::ErrorKind::InvalidInput {
            2
        } else {
            1
        });
    }
}

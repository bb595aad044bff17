//! Temporary folders of a build that did not finish.
//!
//! A build writes into `.<name>.procbook-new-<pid>` beside the output (see
//! [`super::output::Staging`]). Interrupted with Ctrl-C (SIGINT) or SIGTERM,
//! procbook removes the folders it is writing before it ends; killed
//! outright (SIGKILL, a power cut), it cannot, so the next build into the
//! same place removes what such a run left. Only folders that carry
//! procbook's marker file and whose process is gone are removed: never
//! anything procbook did not make, nor the folder of a build still running.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, Once, PoisonError, RwLock, RwLockReadGuard};

use super::output::MARKER;

/// Temporary folders being written now, removed if a signal ends the run.
static IN_PROGRESS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
static HANDLER: Once = Once::new();
/// True once a signal is ending the run. Each file is written under a read
/// guard of it, and the signal takes the write guard before it removes
/// anything: a file being written finishes first, and no later write can
/// make the folder again after it is removed.
static STOPPING: RwLock<bool> = RwLock::new(false);

/// Leave to write one file into a temporary folder: `None` once a signal is
/// ending the run. Hold the guard until the file is written.
pub fn writing() -> Option<RwLockReadGuard<'static, bool>> {
    let guard = STOPPING.read().unwrap_or_else(PoisonError::into_inner);
    (!*guard).then_some(guard)
}

/// The names of a run's temporary folders for output folder `name`.
pub fn staging_name(name: &str, pid: u32) -> String {
    format!(".{name}.procbook-new-{pid}")
}

/// The name the previous site has while the new one is swapped in.
pub fn retired_name(name: &str, pid: u32) -> String {
    format!(".{name}.procbook-old-{pid}")
}

/// Holds the list of folders in progress; while it is held, a signal waits
/// before removing anything (so a swap is never cut in half).
pub fn lock() -> MutexGuard<'static, Vec<PathBuf>> {
    IN_PROGRESS.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Removes `dir` if SIGINT or SIGTERM ends the run before [`forget`].
pub fn remember(dir: &Path) {
    HANDLER.call_once(install_handler);
    lock().push(dir.to_path_buf());
}

/// `dir` is finished or removed: a signal no longer needs to remove it.
pub fn forget(list: &mut Vec<PathBuf>, dir: &Path) {
    list.retain(|d| d != dir);
}

#[cfg(unix)]
fn install_handler() {
    use signal_hook::consts::{SIGINT, SIGTERM};
    use signal_hook::iterator::Signals;
    // Without a handler the default action still ends the run; only the
    // cleanup is lost, and the next build makes up for it.
    let Ok(mut signals) = Signals::new([SIGINT, SIGTERM]) else {
        return;
    };
    let spawned = std::thread::Builder::new()
        .name("procbook-signals".to_string())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                let mut stopping = STOPPING.write().unwrap_or_else(PoisonError::into_inner);
                *stopping = true;
                let list = lock();
                for dir in list.iter() {
                    let _ = fs::remove_dir_all(dir);
                }
                // End as the signal would have, so a shell sees 130 or 143.
                let _ = signal_hook::low_level::emulate_default_handler(signal);
                std::process::exit(128 + signal);
            }
        });
    drop(spawned);
}

#[cfg(not(unix))]
fn install_handler() {}

/// Removes the temporary folders for output folder `name` in `parent` that
/// an earlier run left: named as procbook names them, holding the marker
/// file, and of a process that no longer runs. Failures are ignored: this
/// is tidying, and the build does not depend on it.
pub fn remove_stale(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let new_prefix = staging_name(name, 0);
    let old_prefix = retired_name(name, 0);
    let (new_prefix, old_prefix) = (
        new_prefix.trim_end_matches('0'),
        old_prefix.trim_end_matches('0'),
    );
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(file_name) = file_name.to_str() else {
            continue;
        };
        let Some(pid) = file_name
            .strip_prefix(new_prefix)
            .or_else(|| file_name.strip_prefix(old_prefix))
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        let path = entry.path();
        let ours = fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir())
            && fs::symlink_metadata(path.join(MARKER)).is_ok_and(|m| m.is_file());
        if ours && pid != std::process::id() && !running(pid) {
            let _ = fs::remove_dir_all(&path);
        }
    }
}

/// Whether process `pid` runs. Where this cannot be told, it is assumed to,
/// so a folder that may still be written is never removed.
fn running(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        true
    }
}

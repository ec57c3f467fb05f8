//! The one place that writes output files.
//!
//! Rules (README "Output files"):
//! - a regular file (or a new one) is written whole or not at all: the bytes go to a
//!   hidden temporary sibling, renamed over the file only when every output of the run
//!   was written; the old file's permissions are kept;
//! - a symbolic link is followed: its target is replaced, the link stays;
//! - anything else (a device such as /dev/null or /dev/full, a named pipe) is written
//!   through, never replaced; its write errors are reported;
//! - a folder that does not exist yet is staged as a hidden folder and renamed into
//!   place whole, so a reader sees no folder or every file of the run;
//! - no output may name an input of the run or another output of the run (exit 2);
//! - Ctrl-C (or SIGTERM, SIGHUP) while files are staged removes the staged files and
//!   exits 130; during the renames it is held until the last rename is done.

use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use crate::error::{Error, Result};

/// An output file of a run, and the flag that asked for it (for messages).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// How the user named it, e.g. `--csv kpis.csv` or `--out results`.
    pub flag: Option<String>,
    pub path: PathBuf,
}

impl Output {
    pub fn new(flag: impl Into<String>, path: impl Into<PathBuf>) -> Output {
        Output {
            flag: Some(flag.into()),
            path: path.into(),
        }
    }
}

/// Refuse (exit 2) an output that names an input of the run, or a file another output
/// of the run names too. Files are the same when their resolved paths are equal or,
/// where both exist, they are the same inode (a hard link, a bind mount).
pub fn check_outputs(inputs: &[PathBuf], outputs: &[Output]) -> Result<()> {
    let ids: Vec<FileId> = outputs.iter().map(|o| FileId::of(&o.path)).collect();
    for (i, (out, id)) in outputs.iter().zip(&ids).enumerate() {
        check_place(&out.path, &id.path)?;
        if let Some(input) = inputs.iter().find(|p| FileId::of(p).same(id)) {
            let read_as = if input == &out.path {
                String::new()
            } else {
                format!(" (as {})", input.display())
            };
            let output = out
                .flag
                .as_ref()
                .map_or("another output file".to_string(), |f| {
                    format!("another file for {f}")
                });
            return Err(Error::Input(format!(
                "error: cannot write {}: this run reads it{read_as}\nhelp: name {output}; ccsim never writes over its inputs",
                out.path.display()
            )));
        }
        if let Some((other, _)) = outputs[..i]
            .iter()
            .zip(&ids)
            .find(|(_, other)| other.same(id))
        {
            let name = match (&other.flag, &out.flag) {
                (Some(a), Some(b)) if a != b => format!("{a} and {b} both write"),
                _ => "two outputs of the run write".to_string(),
            };
            return Err(Error::Input(format!(
                "error: {name} {}\nhelp: give every output of a run its own file",
                out.path.display()
            )));
        }
    }
    Ok(())
}

/// An output must name a file (not a folder) in a folder (not under a file).
fn check_place(path: &Path, resolved: &Path) -> Result<()> {
    if resolved.is_dir() {
        return Err(Error::Input(format!(
            "error: cannot write {}: it is a folder\nhelp: name a file, e.g. {}",
            path.display(),
            path.join("out.csv").display()
        )));
    }
    if let Some(file) = resolved
        .ancestors()
        .skip(1)
        .find(|a| a.exists() && !a.is_dir())
    {
        return Err(Error::Input(format!(
            "error: cannot write {}: {} is a file, not a folder\nhelp: write into a folder, or name one that does not exist yet (it is created)",
            path.display(),
            file.display()
        )));
    }
    Ok(())
}

/// What identifies a file: its resolved path, and its device and inode if it exists.
#[derive(Debug)]
struct FileId {
    path: PathBuf,
    inode: Option<(u64, u64)>,
}

impl FileId {
    fn of(path: &Path) -> FileId {
        let path = resolve(path);
        FileId {
            inode: inode(&path),
            path,
        }
    }

    fn same(&self, other: &FileId) -> bool {
        self.path == other.path || (self.inode.is_some() && self.inode == other.inode)
    }
}

#[cfg(unix)]
fn inode(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn inode(_path: &Path) -> Option<(u64, u64)> {
    None
}

/// The file a path names once symbolic links are followed, as an absolute path without
/// `.` or `..`: the longest existing prefix is canonicalized, the rest (files and
/// folders still to be made, a dangling link's target) is appended lexically.
fn resolve(path: &Path) -> PathBuf {
    let mut path = absolute(path);
    for _ in 0..40 {
        match std::fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_symlink() => match std::fs::read_link(&path) {
                Ok(target) => {
                    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
                    path = normalize(&base.join(target));
                }
                Err(_) => break,
            },
            Ok(_) => return std::fs::canonicalize(&path).unwrap_or(path),
            Err(_) => {
                // does not exist (yet): resolve the folder it would be made in
                return match (path.parent(), path.file_name()) {
                    (Some(parent), Some(name)) if parent != path => resolve(parent).join(name),
                    _ => path,
                };
            }
        }
    }
    path
}

/// `/dev/stdout`, `/dev/fd/3`, `/proc/self/fd/1`: a name for a descriptor the process
/// has open (a shell redirect, a pipe). It is written through, never followed: that
/// would rename over the redirect's file while the shell still writes to the old one.
/// Standard output and error are written through the process's own descriptors, so
/// the CSV and the table share one file offset.
fn names_a_descriptor(path: &Path) -> Option<Plan> {
    let mut p = absolute(path);
    for _ in 0..40 {
        if p.starts_with("/proc") || p.starts_with("/dev/fd") {
            let fd = (p.starts_with("/proc/self/fd") || p.starts_with("/dev/fd"))
                .then(|| p.file_name().and_then(|n| n.to_str()?.parse::<u32>().ok()))
                .flatten();
            return Some(match fd {
                Some(1) => Plan::Stdout,
                Some(2) => Plan::Stderr,
                _ => Plan::Through {
                    target: path.to_path_buf(),
                },
            });
        }
        match std::fs::read_link(&p) {
            Ok(target) => {
                let base = p.parent().map(Path::to_path_buf).unwrap_or_default();
                p = normalize(&base.join(target));
            }
            Err(_) => return None,
        }
    }
    None
}

fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    normalize(&joined)
}

/// Remove `.` and fold `..` lexically (only used where the path does not exist).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// How one output reaches its file.
enum Plan {
    /// A regular file (or a new one): staged at `tmp`, renamed onto `target`.
    Replace {
        tmp: PathBuf,
        target: PathBuf,
    },
    /// A new folder's file: staged inside the folder's staging copy.
    InNewFolder,
    /// A device or named pipe: opened and written in place.
    Through {
        target: PathBuf,
    },
    /// The process's standard output or error, by another name.
    Stdout,
    Stderr,
}

/// Write every file or none (see the module doc). Paths are checked against each other
/// and against every file the run has read first.
pub fn write_files(files: &[(PathBuf, Vec<u8>)]) -> Result<()> {
    let outputs: Vec<Output> = files
        .iter()
        .map(|(p, _)| Output {
            flag: None,
            path: p.clone(),
        })
        .collect();
    check_outputs(&crate::limits::files_read(), &outputs)?;

    // dropping `staging` on any early return removes what was staged
    let mut staging = Staging::begin();
    let mut plans = Vec::with_capacity(files.len());
    // new folders: (folder, its staging copy), in the order first met
    let mut new_folders: Vec<(PathBuf, PathBuf)> = Vec::new();
    for (path, bytes) in files {
        let target = resolve(path);
        let cannot = |e: &std::io::Error| {
            Error::Failure(format!("cannot write {}: {}", path.display(), words(e)))
        };
        let meta = std::fs::metadata(&target);
        let descriptor = names_a_descriptor(path);
        let plan = match &meta {
            _ if descriptor.is_some() => descriptor.unwrap_or(Plan::Through { target }),
            Ok(m) if !m.is_file() => Plan::Through { target },
            _ => {
                let parent = target.parent().map(Path::to_path_buf).unwrap_or_default();
                let name = target.file_name().unwrap_or_default().to_os_string();
                if parent.as_os_str().is_empty() || parent.is_dir() {
                    let tmp = parent.join(partial_name(&name));
                    staging.add(&tmp);
                    write_new(&tmp, bytes, meta.as_ref().ok()).map_err(|e| cannot(&e))?;
                    Plan::Replace { tmp, target }
                } else {
                    let staged = match new_folders.iter().find(|(f, _)| *f == parent) {
                        Some((_, staged)) => staged.clone(),
                        None => {
                            let staged = stage_folder(&staging, &parent).map_err(|e| {
                                Error::Failure(format!(
                                    "cannot create folder {}: {}",
                                    parent.display(),
                                    words(&e)
                                ))
                            })?;
                            new_folders.push((parent.clone(), staged.clone()));
                            staged
                        }
                    };
                    write_new(&staged.join(&name), bytes, None).map_err(|e| cannot(&e))?;
                    Plan::InNewFolder
                }
            }
        };
        plans.push(plan);
    }
    test_pause("staged");
    // devices and pipes next: a failure there still leaves every file as it was
    for ((path, bytes), plan) in files.iter().zip(&plans) {
        let written = match plan {
            Plan::Through { target } => std::fs::OpenOptions::new()
                .write(true)
                .truncate(true)
                .open(target)
                .and_then(|mut f| f.write_all(bytes).and_then(|_| f.flush())),
            Plan::Stdout => {
                let mut out = std::io::stdout().lock();
                match out.write_all(bytes).and_then(|_| out.flush()) {
                    // a reader that stopped (`| head`) is not a failure, as for the table
                    Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                    other => other,
                }
            }
            Plan::Stderr => std::io::stderr().lock().write_all(bytes),
            Plan::Replace { .. } | Plan::InNewFolder => Ok(()),
        };
        written.map_err(|e| {
            Error::Failure(format!("cannot write {}: {}", path.display(), words(&e)))
        })?;
    }
    // the renames, files in the order given, then new folders: an interrupt waits
    // until the last one is done
    staging.commit();
    let mut renames: Vec<(&Path, &Path)> = Vec::new();
    for plan in &plans {
        if let Plan::Replace { tmp, target } = plan {
            renames.push((tmp, target));
        }
    }
    for (folder, staged) in &new_folders {
        renames.push((staged, folder));
    }
    for (n, (from, to)) in renames.iter().enumerate() {
        if n == 1 {
            test_pause("committing");
        }
        std::fs::rename(from, to)
            .map_err(|e| Error::Failure(format!("cannot write {}: {}", to.display(), words(&e))))?;
        staging.done(from);
    }
    Ok(())
}

/// Create `tmp` (it must not exist), write `bytes`, flush them to disk; keep the
/// permissions of the file it will replace.
fn write_new(tmp: &Path, bytes: &[u8], old: Option<&std::fs::Metadata>) -> std::io::Result<()> {
    let create = || {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(tmp)
    };
    let mut f = match create() {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            std::fs::remove_file(tmp)?;
            create()?
        }
        other => other?,
    };
    f.write_all(bytes)?;
    if let Some(old) = old {
        f.set_permissions(old.permissions())?;
    }
    f.sync_all()
}

/// Create the folder's parents and a hidden staging copy of the folder beside it.
fn stage_folder(staging: &Staging, folder: &Path) -> std::io::Result<PathBuf> {
    let parent = folder.parent().unwrap_or(Path::new(""));
    if !parent.as_os_str().is_empty() {
        std::fs::create_dir_all(parent)?;
    }
    let staged = parent.join(partial_name(folder.file_name().unwrap_or_default()));
    staging.add(&staged);
    if let Err(e) = std::fs::create_dir(&staged) {
        if e.kind() != std::io::ErrorKind::AlreadyExists {
            return Err(e);
        }
        std::fs::remove_dir_all(&staged)?;
        std::fs::create_dir(&staged)?;
    }
    Ok(staged)
}

/// `.NAME.ccsim-partial-PID-N`: unique within the process (N counts the staged
/// files); one left by a killed process with the same id is stale and replaced.
fn partial_name(name: &std::ffi::OsStr) -> String {
    static COUNT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = COUNT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    format!(
        ".{}.ccsim-partial-{}-{n}",
        name.to_string_lossy(),
        std::process::id()
    )
}

/// An I/O error in words, without the `(os error 28)` tail.
pub(crate) fn words(e: &std::io::Error) -> String {
    let s = crate::limits::io_words(e);
    match s.rfind(" (os error ") {
        Some(i) if s.ends_with(')') => s[..i].to_string(),
        _ => s,
    }
}

/// The staged files and folders of the writes in progress, shared with the interrupt
/// handler: it removes them, unless renames have begun (then it waits for them).
struct StagingState {
    /// (write id, staged path)
    paths: Vec<(u64, PathBuf)>,
    next_id: u64,
    /// Writes in their rename phase.
    committing: usize,
    interrupted: bool,
}

static STAGING: Mutex<StagingState> = Mutex::new(StagingState {
    paths: Vec::new(),
    next_id: 0,
    committing: 0,
    interrupted: false,
});

/// The exit status after an interrupt (128 + SIGINT, as shells report it).
pub const INTERRUPTED_EXIT: i32 = 130;

/// One write's registration in [`STAGING`].
struct Staging {
    id: u64,
    committing: bool,
}

impl Staging {
    fn lock() -> std::sync::MutexGuard<'static, StagingState> {
        STAGING.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn begin() -> Staging {
        let mut s = Self::lock();
        s.next_id += 1;
        Staging {
            id: s.next_id,
            committing: false,
        }
    }

    fn add(&self, path: &Path) {
        Self::lock().paths.push((self.id, path.to_path_buf()));
    }

    fn done(&self, path: &Path) {
        Self::lock()
            .paths
            .retain(|(id, p)| !(*id == self.id && p == path));
    }

    fn commit(&mut self) {
        Self::lock().committing += 1;
        self.committing = true;
    }

    /// Remove what this write still has staged (on failure, or when dropped early).
    fn end(&mut self) {
        let mut s = Self::lock();
        let mine: Vec<PathBuf> = s
            .paths
            .iter()
            .filter(|(id, _)| *id == self.id)
            .map(|(_, p)| p.clone())
            .collect();
        s.paths.retain(|(id, _)| *id != self.id);
        if self.committing {
            s.committing -= 1;
            self.committing = false;
        }
        let exit = s.interrupted && s.committing == 0;
        remove_staged(mine);
        if exit {
            // the interrupt arrived during the renames: they are done now
            let _ = std::io::stderr().write_all(b"interrupted\n");
            std::process::exit(INTERRUPTED_EXIT);
        }
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        self.end();
    }
}

fn remove_staged(paths: Vec<PathBuf>) {
    for p in paths {
        if std::fs::remove_file(&p).is_err() {
            let _ = std::fs::remove_dir_all(&p);
        }
    }
}

/// What the interrupt handler does: remove the staged files and exit 130, or, while
/// the renames run, let them finish first. Public so a test can call it directly.
pub fn on_interrupt() {
    let mut s = Staging::lock();
    if s.committing > 0 {
        s.interrupted = true;
        return;
    }
    remove_staged(s.paths.drain(..).map(|(_, p)| p).collect());
    // exit while holding the lock: no write can stage or commit after this point
    let _ = std::io::stderr().write_all(b"interrupted\n");
    std::process::exit(INTERRUPTED_EXIT);
}

/// Install the Ctrl-C (and SIGTERM, SIGHUP) handler of the command-line tool.
pub fn install_interrupt_handler() {
    // a second installation (a test calling main twice) keeps the first
    let _ = ctrlc::set_handler(on_interrupt);
}

/// A hidden test hook: with `CCSIM_TEST_PAUSE_WRITE=staged` (or `committing`) the
/// write pauses up to 10 s at that point, so a test can interrupt it there; a
/// `committing` pause ends early once the interrupt arrived.
fn test_pause(point: &str) {
    if std::env::var_os("CCSIM_TEST_PAUSE_WRITE").is_some_and(|v| v == point) {
        eprintln!("paused {point}");
        for _ in 0..1000 {
            if Staging::lock().interrupted {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("ccsim-write-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn resolve_folds_dots_of_new_paths() {
        let d = scratch("resolve");
        let a = resolve(&d.join("new/../x.csv"));
        let b = resolve(&d.join("./x.csv"));
        assert_eq!(a, b);
        std::fs::remove_dir_all(&d).unwrap();
    }

    #[test]
    fn words_drop_the_os_error_number() {
        let e = std::io::Error::from_raw_os_error(28);
        assert_eq!(words(&e), "No space left on device");
    }
}

//! The disk side: writes generated files (or checks them) so that a failure leaves what was
//! there before. Shared by the CLI, the build-script API and the workspace's xtask.
//!
//! The pipeline stages never touch the disk; this module and [`crate::build`] are the only
//! ones that do, and only where their caller asked.

use crate::GeneratedFile;
use std::fmt;
use std::path::{Component, Path, PathBuf};

/// What every generated file starts with (after the comment marker of its format), and what
/// marks a file as the generator's to replace.
pub const GENERATED_MARKER: &str = "@generated";

/// The folder of a crate the generator owns wholly: every file in it is generated.
pub const GENERATED_TREE: &str = "src/generated";

/// Write the files, or only compare them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Write what differs.
    Write,
    /// Write nothing; fail with a diff when something differs.
    Check,
}

/// What a write or a check found.
#[derive(Debug, Default)]
pub struct Changes {
    /// Files written because they were new or different (paths as shown).
    pub written: Vec<String>,
    /// Files removed because the inputs no longer produce them (paths as shown).
    pub removed: Vec<String>,
    /// Files kept because they are no longer the generator's: their first line lost the
    /// `@generated` marker, so someone took them over (paths as shown).
    pub kept: Vec<String>,
    /// Files already up to date.
    pub unchanged: usize,
}

impl Changes {
    /// Adds `other`, its paths named from `dir`.
    pub fn add(&mut self, dir: &str, other: Changes) {
        let name = |file: String| format!("{dir}/{file}");
        self.written.extend(other.written.into_iter().map(name));
        self.removed.extend(other.removed.into_iter().map(name));
        self.kept.extend(other.kept.into_iter().map(name));
        self.unchanged += other.unchanged;
    }
}

/// Why a write or a check failed.
#[derive(Debug)]
pub enum OutputError {
    /// [`Mode::Check`] found files that differ; the text is a unified diff (or says what is
    /// missing or extra), each file named as shown.
    Stale(String),
    /// Reading or writing a file failed.
    Io(PathBuf, std::io::Error),
    /// A folder the generator would own holds files it did not generate.
    NotGenerated(PathBuf, Vec<String>),
}

impl fmt::Display for OutputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OutputError::Stale(diff) => write!(f, "{diff}\nThe generated files are stale."),
            OutputError::Io(path, error) => write!(f, "{}: {error}", path.display()),
            OutputError::NotGenerated(dir, names) => write!(
                f,
                "{}: {} not generated ({}): choose an empty folder or one this generator wrote; nothing was written",
                dir.display(),
                if names.len() == 1 { "a file here was" } else { "files here were" },
                names.join(", ")
            ),
        }
    }
}

impl std::error::Error for OutputError {}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> OutputError + '_ {
    move |error| OutputError::Io(path.to_owned(), error)
}

/// Called before each file is written to the staging folder; tests use it to fail on purpose.
pub type WriteHook<'a> = &'a mut dyn FnMut(&Path) -> std::io::Result<()>;

/// Whether a file's text says it is generated (its first line carries the marker).
pub fn is_generated(text: &str) -> bool {
    text.lines().next().is_some_and(|line| line.contains(GENERATED_MARKER))
}

/// Keeps a whole crate in step with `files` (paths relative to the crate at `out`, `/`
/// separated): [`GENERATED_TREE`] is written as one tree (staged and swapped in, see
/// [`write_tree`]); every other file (`Cargo.toml`, `README.md`, `src/lib.rs`) is written when
/// absent or still marked generated, and kept when someone took it over. Nothing is written
/// unless every check passed.
pub fn write_crate(out: &Path, shown: &str, files: &[GeneratedFile], mode: Mode) -> Result<Changes, OutputError> {
    let prefix = format!("{GENERATED_TREE}/");
    let (tree, others): (Vec<&GeneratedFile>, Vec<&GeneratedFile>) =
        files.iter().partition(|file| file.path.starts_with(&prefix));
    let tree: Vec<GeneratedFile> = tree
        .into_iter()
        .map(|file| GeneratedFile { path: file.path[prefix.len()..].to_owned(), contents: file.contents.clone() })
        .collect();
    let tree_dir = out.join(GENERATED_TREE);
    refuse_foreign_files(&tree_dir)?;
    let mut changes = Changes::default();
    let mut stale = String::new();
    // The single files first: in check mode every difference is reported; in write mode they
    // are written after the tree, so a failed tree leaves them as they were.
    let mut pending = Vec::new();
    for file in others {
        let path = out.join(&file.path);
        let shown_path = join_shown(shown, &file.path);
        match read_existing(&path)? {
            Some(text) if !is_generated(&text) => changes.kept.push(shown_path),
            Some(text) if text == file.contents => changes.unchanged += 1,
            old => match mode {
                Mode::Check => stale.push_str(&diff(&shown_path, old.as_deref().unwrap_or(""), &file.contents)),
                Mode::Write => pending.push((path, shown_path, &file.contents)),
            },
        }
    }
    match write_tree(&tree_dir, &join_shown(shown, GENERATED_TREE), &tree, mode, &mut |_| Ok(())) {
        Ok(tree_changes) => changes.add(&join_shown(shown, GENERATED_TREE), tree_changes),
        Err(OutputError::Stale(diff)) => stale.push_str(&diff),
        Err(error) => return Err(error),
    }
    if !stale.is_empty() {
        return Err(OutputError::Stale(stale));
    }
    for (path, shown_path, contents) in pending {
        write_file_atomically(&path, contents)?;
        changes.written.push(shown_path);
    }
    Ok(changes)
}

fn join_shown(shown: &str, path: &str) -> String {
    if shown.is_empty() || shown == "." { path.to_owned() } else { format!("{}/{path}", shown.trim_end_matches('/')) }
}

/// Fails with [`OutputError::NotGenerated`] when `dir` holds a file not marked generated: a
/// folder the generator would replace wholly must hold only what it wrote before.
pub fn refuse_foreign_files(dir: &Path) -> Result<(), OutputError> {
    let mut foreign = Vec::new();
    for name in existing_files(dir)? {
        if !read_existing(&dir.join(&name))?.is_some_and(|text| is_generated(&text)) {
            foreign.push(name);
        }
    }
    if foreign.is_empty() { Ok(()) } else { Err(OutputError::NotGenerated(dir.to_owned(), foreign)) }
}

/// Keeps the folder `dir` (no subfolders) holding exactly `files`: in [`Mode::Write`] the new
/// tree is written beside it and swapped in, so that an error or an interruption at any point
/// leaves the previous tree whole (unchanged files are hard-linked, keeping their timestamps);
/// in [`Mode::Check`] nothing is written and any difference is a [`OutputError::Stale`] diff,
/// files named as `shown_dir/<name>`. `hook` runs before each file is staged.
pub fn write_tree(
    dir: &Path,
    shown_dir: &str,
    files: &[GeneratedFile],
    mode: Mode,
    hook: WriteHook,
) -> Result<Changes, OutputError> {
    recover_interrupted_swap(dir)?;
    let existing = existing_files(dir)?;
    match mode {
        Mode::Check => check_tree(dir, shown_dir, files, &existing),
        Mode::Write => write_staged(dir, files, &existing, hook),
    }
}

/// Keeps one file in step with `contents`: written when it differs (through a temporary file
/// and a rename), or in [`Mode::Check`] a stale failure naming it as `shown` and saying `why`.
/// Returns whether it was written.
pub fn write_or_check_file(
    path: &Path,
    shown: &str,
    contents: &str,
    why: &str,
    mode: Mode,
) -> Result<bool, OutputError> {
    if read_existing(path)?.as_deref() == Some(contents) {
        return Ok(false);
    }
    match mode {
        Mode::Check => Err(OutputError::Stale(format!("{shown}: {why}\n"))),
        Mode::Write => write_file_atomically(path, contents).map(|()| true),
    }
}

/// Writes through a temporary file beside `path` and a rename: a reader sees the old text or
/// the new, never half of one.
fn write_file_atomically(path: &Path, contents: &str) -> Result<(), OutputError> {
    if let Some(parent) = path.parent().filter(|parent| !parent.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(io(parent))?;
    }
    let name = path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
    let temporary = path.with_file_name(format!(".{name}.tmp"));
    std::fs::write(&temporary, contents).map_err(io(&temporary))?;
    std::fs::rename(&temporary, path).map_err(io(path))
}

/// The names of the files now in `dir` (none if it does not exist). Hidden files (an editor's
/// swap files) are not the generator's and are left alone.
pub fn existing_files(dir: &Path) -> Result<Vec<String>, OutputError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => return Err(OutputError::Io(dir.to_owned(), error)),
    };
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.map_err(io(dir))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with('.') {
            names.push(name);
        }
    }
    names.sort();
    Ok(names)
}

/// A file's text, `None` when it does not exist (bytes that are not UTF-8 are replaced, so
/// that such a file compares as different rather than failing).
pub fn read_existing(path: &Path) -> Result<Option<String>, OutputError> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(String::from_utf8_lossy(&bytes).into_owned())),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(OutputError::Io(path.to_owned(), error)),
    }
}

/// A unified diff of one file, `old` as it is and `new` as the inputs give it.
fn diff(shown: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("{shown} (as it is)"), &format!("{shown} (from the inputs)"))
        .to_string()
}

fn check_tree(
    dir: &Path,
    shown_dir: &str,
    files: &[GeneratedFile],
    existing: &[String],
) -> Result<Changes, OutputError> {
    let mut stale = String::new();
    let mut changes = Changes::default();
    for file in files {
        let old = read_existing(&dir.join(&file.path))?;
        if old.as_deref() == Some(file.contents.as_str()) {
            changes.unchanged += 1;
        } else {
            stale.push_str(&diff(&join_shown(shown_dir, &file.path), old.as_deref().unwrap_or(""), &file.contents));
        }
    }
    for name in existing.iter().filter(|name| !files.iter().any(|file| &file.path == *name)) {
        stale.push_str(&format!("{}: the inputs no longer produce this file\n", join_shown(shown_dir, name)));
    }
    if stale.is_empty() { Ok(changes) } else { Err(OutputError::Stale(stale)) }
}

fn write_staged(
    dir: &Path,
    files: &[GeneratedFile],
    existing: &[String],
    hook: WriteHook,
) -> Result<Changes, OutputError> {
    let mut changes = Changes::default();
    let mut changed = Vec::new();
    for file in files {
        if read_existing(&dir.join(&file.path))?.as_deref() == Some(file.contents.as_str()) {
            changes.unchanged += 1;
        } else {
            changed.push(file.path.clone());
        }
    }
    changes.removed = existing.iter().filter(|name| !files.iter().any(|file| &file.path == *name)).cloned().collect();
    if changed.is_empty() && changes.removed.is_empty() {
        return Ok(changes);
    }
    let (staging, backup) = sibling_dirs(dir);
    if let Err(failure) = stage(dir, &staging, files, &changed, hook) {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(failure);
    }
    swap(dir, &staging, &backup)?;
    changes.written = changed;
    Ok(changes)
}

/// The staging folder of a new tree and the backup of the old one during the swap.
fn sibling_dirs(dir: &Path) -> (PathBuf, PathBuf) {
    let name = dir.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
    let parent = dir.parent().unwrap_or(dir);
    (parent.join(format!(".{name}.new")), parent.join(format!(".{name}.old")))
}

fn stage(
    dir: &Path,
    staging: &Path,
    files: &[GeneratedFile],
    changed: &[String],
    hook: WriteHook,
) -> Result<(), OutputError> {
    if staging.exists() {
        std::fs::remove_dir_all(staging).map_err(io(staging))?;
    }
    std::fs::create_dir_all(staging).map_err(io(staging))?;
    for file in files {
        let target = staging.join(&file.path);
        hook(&target).map_err(io(&target))?;
        if changed.contains(&file.path) {
            std::fs::write(&target, &file.contents).map_err(io(&target))?;
        } else {
            let source = dir.join(&file.path);
            if std::fs::hard_link(&source, &target).is_err() {
                std::fs::copy(&source, &target).map_err(io(&target))?;
            }
        }
    }
    Ok(())
}

/// Moves the old tree aside, the new one in, and drops the old one; if the second move fails,
/// the old tree is moved back.
fn swap(dir: &Path, staging: &Path, backup: &Path) -> Result<(), OutputError> {
    if backup.exists() {
        std::fs::remove_dir_all(backup).map_err(io(backup))?;
    }
    let had_tree = dir.exists();
    if had_tree {
        std::fs::rename(dir, backup).map_err(io(dir))?;
    }
    if let Err(error) = std::fs::rename(staging, dir) {
        if had_tree {
            let _ = std::fs::rename(backup, dir);
        }
        return Err(OutputError::Io(dir.to_owned(), error));
    }
    if had_tree {
        std::fs::remove_dir_all(backup).map_err(io(backup))?;
    }
    Ok(())
}

/// Puts back a tree that an interrupted swap left as the backup only.
fn recover_interrupted_swap(dir: &Path) -> Result<(), OutputError> {
    let (_, backup) = sibling_dirs(dir);
    if !dir.exists() && backup.exists() {
        std::fs::rename(&backup, dir).map_err(io(dir))?;
    }
    Ok(())
}

/// `target` as a path relative to the folder `base` (either may be relative to the current
/// folder), written with `/` as a manifest or a header names it.
pub fn relative_to(target: &Path, base: &Path) -> Result<String, String> {
    Ok(slash_path(&relative_path(&absolute(target)?, &absolute(base)?)))
}

/// `path` made absolute against the current folder, `.` and `..` resolved as written (no link
/// is followed: the folders need not exist yet).
fn absolute(path: &Path) -> Result<PathBuf, String> {
    let joined = std::path::absolute(path).map_err(|error| format!("{}: {error}", path.display()))?;
    let mut normal = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                normal.pop();
            }
            other => normal.push(other),
        }
    }
    Ok(normal)
}

/// `to` as a relative path from the folder `from` (both absolute and normal).
fn relative_path(to: &Path, from: &Path) -> PathBuf {
    let to: Vec<Component> = to.components().collect();
    let from: Vec<Component> = from.components().collect();
    let shared = to.iter().zip(&from).take_while(|(a, b)| a == b).count();
    let mut relative: PathBuf = from[shared..].iter().map(|_| Component::ParentDir).collect();
    relative.extend(&to[shared..]);
    if relative.as_os_str().is_empty() { PathBuf::from(".") } else { relative }
}

/// A path written with `/` between components on every platform, as manifests and headers
/// name files.
fn slash_path(path: &Path) -> String {
    path.components().map(|component| component.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// An input path as generated files name it: as given when relative, else relative to the
/// current folder (as given when that cannot be worked out), so that no generated file names a
/// folder of the machine that made it.
pub fn input_name(input: &str) -> String {
    let path = Path::new(input);
    if !path.is_absolute() {
        return input.to_owned();
    }
    relative_to(path, Path::new(".")).unwrap_or_else(|_| input.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_written_relative_to_a_folder() {
        assert_eq!(relative_path(Path::new("/a/b/runtime"), Path::new("/a/c/d")), PathBuf::from("../../b/runtime"));
        assert_eq!(relative_path(Path::new("/a/b"), Path::new("/a/b")), PathBuf::from("."));
        assert_eq!(slash_path(Path::new("a/b/c")), "a/b/c");
    }

    fn file(path: &str, contents: &str) -> GeneratedFile {
        GeneratedFile { path: path.to_owned(), contents: contents.to_owned() }
    }

    /// A fresh folder under the system's temporary folder.
    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("restgen-output-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn a_crate_is_written_checked_and_its_taken_over_files_are_kept() {
        let out = scratch("crate");
        let files = |version: &str| {
            vec![
                file("Cargo.toml", &format!("# @generated\n[package]\nversion = \"{version}\"\n")),
                file("README.md", "<!-- @generated -->\n# api\n"),
                file("src/generated/mod.rs", &format!("// @generated\npub const V: &str = \"{version}\";\n")),
            ]
        };
        let written = write_crate(&out, "api", &files("1"), Mode::Write).unwrap();
        let mut names = written.written.clone();
        names.sort();
        assert_eq!(names, ["api/Cargo.toml", "api/README.md", "api/src/generated/mod.rs"]);
        assert_eq!(write_crate(&out, "api", &files("1"), Mode::Check).unwrap().unchanged, 3);
        let Err(OutputError::Stale(diff)) = write_crate(&out, "api", &files("2"), Mode::Check) else { panic!("stale") };
        assert!(diff.contains("-version = \"1\"\n+version = \"2\""), "{diff}");
        assert!(diff.contains("+pub const V: &str = \"2\";"), "{diff}");
        // The README's owner removed its marker: it is theirs from now on.
        std::fs::write(out.join("README.md"), "# api, in my words\n").unwrap();
        let rewritten = write_crate(&out, "api", &files("2"), Mode::Write).unwrap();
        assert_eq!(rewritten.kept, ["api/README.md"]);
        assert_eq!(std::fs::read_to_string(out.join("README.md")).unwrap(), "# api, in my words\n");
        assert!(std::fs::read_to_string(out.join("Cargo.toml")).unwrap().contains("version = \"2\""));
        let _ = std::fs::remove_dir_all(&out);
    }

    #[test]
    fn a_generated_folder_holding_other_files_is_refused_and_left_alone() {
        let out = scratch("foreign");
        std::fs::create_dir_all(out.join(GENERATED_TREE)).unwrap();
        std::fs::write(out.join(GENERATED_TREE).join("notes.rs"), "// mine\n").unwrap();
        let files = [file("Cargo.toml", "# @generated\n"), file("src/generated/mod.rs", "// @generated\n")];
        let error = write_crate(&out, "api", &files, Mode::Write).unwrap_err();
        assert!(matches!(&error, OutputError::NotGenerated(_, names) if names == &["notes.rs"]), "{error}");
        assert!(!out.join("Cargo.toml").exists());
        assert_eq!(std::fs::read_to_string(out.join(GENERATED_TREE).join("notes.rs")).unwrap(), "// mine\n");
        let _ = std::fs::remove_dir_all(&out);
    }

    #[test]
    fn only_a_first_line_with_the_marker_is_generated() {
        assert!(is_generated("# @generated by restgen from a.yaml\n[package]"));
        assert!(!is_generated("[package]\n# @generated"));
        assert!(!is_generated(""));
    }
}

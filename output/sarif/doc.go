// Package sarif writes a kdlint run as a SARIF 2.1.0 log, the format GitHub
// code scanning, VS Code's SARIF viewer and other result viewers read.
//
// The package declares its own structs for the part of SARIF it emits
// instead of using a SARIF library: github.com/owenrumney/go-sarif writes
// sentinel values such as "index": -1 and "byteOffset": -1 that the SARIF
// multitool warns about (SARIF2004), and github.com/sarif-go/sarif is not on
// the module proxy. Owning the structs keeps every field we write deliberate
// and every optional field absent rather than empty or -1.
//
// Choices a consumer may need to know:
//
//   - Columns. kdlint's columns are 1-based byte columns. The log declares
//     columnKind "utf16CodeUnits", the kind GitHub and VS Code count in, and
//     converts each column by reading the source line; for ASCII lines the two
//     are the same. When the file cannot be read, byte columns are written
//     unchanged.
//   - Regions. An end that is missing, or not after the start, is filled from
//     the start: same line, and one column past the start column, since a
//     zero-width region is an insertion point that viewers do not highlight.
//     A location without a line gets no region.
//   - URIs. Write is given the source root: kdlint passes the top level of
//     the git repository holding the working directory (the working
//     directory outside one, or -sarif-root DIR), because code scanning
//     resolves paths against the repository root even when kdlint ran in a
//     subdirectory. A path inside the root becomes a relative,
//     percent-encoded URI with uriBaseId "%SRCROOT%", and originalUriBaseIds
//     maps %SRCROOT% to the root. A path outside it becomes an absolute
//     file:// URI. invocations[0].workingDirectory is the working directory.
//   - Fingerprints. Each result whose source line can be read gets
//     partialFingerprints.primaryLocationLineHash, GitHub's key for tracking
//     an alert across commits: a hash of the rule ID and the line's text with
//     whitespace removed, then ":" and the result's rank among results of the
//     same rule, file and hash in position order. It ignores line numbers, so
//     an alert survives code moving above it. When the line cannot be read
//     the fingerprint is left out, and GitHub's upload action computes one.
//   - executionSuccessful is false when the run failed (report.Run.Failed:
//     exit status 2, something it was asked to read could not be), and
//     exitCode is the run's exit status. Files that could not be parsed
//     are tool execution notifications (level "error"), and one more
//     notification, "not-analysed", says what was not analysed in the
//     words of the text output's last line, with the counts in the
//     invocation's properties (notAnalysed, as -stats prints them).
//   - Versions. driver.version is run.ToolVersion without a Go-style "v"
//     prefix (the multitool wants it to start with a digit);
//     semanticVersion is set only when that is valid SemVer 2.0.0.
//   - Result messages are written as the analyzers wrote them. GitHub shows a
//     related location only when the message links to it as [text](id); the
//     related locations carry ids 1, 2, ... in Finding.Related order so that
//     messages can do so.
package sarif

// Package lint holds the repository's own style checks as tests, run by
// `go test ./...`: no function over 80 lines, tests included, and none in
// non-test code over cyclomatic complexity 25 (counted as gocyclo counts
// it). Functions still
// over a limit are listed in the test's allowlist with the helper who owns
// them.
package lint

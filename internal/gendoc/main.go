// Command gendoc writes rules.md from the rule descriptions. Run it from
// the repository root: go run ./internal/gendoc
package main

import (
	"log"
	"os"

	"github.com/kdlint/kdlint/analyzers"
	"github.com/kdlint/kdlint/internal/rulesdoc"
)

func main() {
	if err := os.WriteFile("rules.md", []byte(rulesdoc.Markdown(analyzers.Rules())), 0o644); err != nil {
		log.Fatal(err)
	}
}

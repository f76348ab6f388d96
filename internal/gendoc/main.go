// Command gendoc writes rules.md and README.md's rule table from the rule
// descriptions. Run it from the repository root: go run ./internal/gendoc
package main

import (
	"log"
	"os"

	"github.com/kdlint/kdlint/analyzers"
	"github.com/kdlint/kdlint/output/rulesdoc"
)

func main() {
	docs := analyzers.Docs(analyzers.All)
	if err := os.WriteFile("rules.md", []byte(rulesdoc.Markdown(docs)), 0o644); err != nil {
		log.Fatal(err)
	}
	readme, err := os.ReadFile("README.md")
	if err != nil {
		log.Fatal(err)
	}
	fresh, err := rulesdoc.UpdateReadme(string(readme), docs)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile("README.md", []byte(fresh), 0o644); err != nil {
		log.Fatal(err)
	}
}

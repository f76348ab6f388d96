package cparse

import (
	"strings"
	"testing"
)

func TestOneMacroCallDefinesSeveralItems(t *testing.T) {
	// Everything one macro call defines has the call's position: the
	// function and both driver structures must all reach the module,
	// each once, in a fixed order.
	m, _ := parseSource(t, `
#define TWO_DRIVERS(n)							\
static int n##_probe(struct platform_device *pdev) { return 0; }	\
static void n##_remove(struct platform_device *pdev) { }		\
static struct platform_driver n##_a = { .probe = n##_probe, .remove_new = n##_remove };	\
static struct platform_driver n##_b = { .probe = n##_probe };

TWO_DRIVERS(foo)

static struct platform_driver other = { .probe = foo_probe };
`)
	if got := funcNames(m); got != "foo_probe foo_remove" {
		t.Errorf("functions = %q, want foo_probe foo_remove", got)
	}
	var globals []string
	for _, g := range m.Globals {
		globals = append(globals, g.Name)
	}
	if got := strings.Join(globals, " "); got != "foo_a foo_b other" {
		t.Errorf("globals = %q, want foo_a foo_b other", got)
	}
}

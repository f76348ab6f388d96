package report

// BadSuppression is kdlint's own meta-rule: it reports kdlint:ignore
// comments that are malformed or silence nothing, as staticcheck reports
// lint:ignore directives that match nothing. It is not an analyzer: the
// driver checks suppressions after the rules have run, so its record
// lives here, where the driver, the outputs and the rule registry can
// all read it.
var BadSuppression = &Rule{
	ID:        "KD001",
	Name:      "bad-suppression",
	Summary:   "report kdlint:ignore comments that are malformed or silence nothing",
	Level:     Warning,
	Precision: "very-high",
	Tags:      []string{"maintainability", "suppression"},
	Since:     "0.1.0",

	What: "Checks every `kdlint:ignore` comment. A comment `kdlint:ignore ID reason` on the " +
		"line of a finding, or alone on the line above it, silences that finding; several rules " +
		"may be given, separated by commas, by ID (`KD101`) or by name (`sleep-in-atomic`). " +
		"This rule reports a comment that\n\n" +
		"- silences no finding of the rules it names (the code it was written for has changed " +
		"or gone);\n" +
		"- gives no reason, or no rule;\n" +
		"- names a rule kdlint does not have.\n\n" +
		"A comment that names only rules turned off with `-disable` is left alone: whether it " +
		"still silences something is not known in that run.",

	Why: "A suppression that no longer silences anything hides the next real finding on its " +
		"line, and one that cannot be read silences nothing while looking as if it did. " +
		"Reporting them keeps suppressions few, explained and true, so that a clean run means " +
		"what it says.",

	Example: `static void rx_timer_fn(struct timer_list *t)
{
	/* kdlint:ignore KD101 the chip is idle here */
	mdelay(1);	/* KD001: mdelay() does not sleep, nothing to silence */

	udelay(5); /* kdlint:ignore KD101 */	/* KD001: no reason given */
}`,

	UseInstead: `static void rx_timer_fn(struct timer_list *t)
{
	mdelay(1);
	udelay(5);
}`,

	KnownProblems: "- Findings are matched by line only: a comment that silences one rule on a line " +
		"silences every finding of that rule there.\n" +
		"- A finding cannot be silenced by a comment that is not on its line or alone on the " +
		"line above, such as a comment at a macro's definition for a finding where the macro " +
		"is used.\n" +
		"- With a file named on the command line (as a pre-commit hook does), a comment in " +
		"another file of the driver is checked but reported only when it is in a named file.",

	References: []string{
		"https://staticcheck.dev/docs/configuration/#ignoring-problems",
	},
}

// MetaRules are the rules kdlint's driver itself implements, in ID
// order. rules.md documents them with the registry's rules.
var MetaRules = []*Rule{BadSuppression}

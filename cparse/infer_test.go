package cparse

import (
	"strings"
	"testing"
)

// parseClean parses src and fails the test on any skipped item or
// failed file; it returns the names of the functions analysed.
func parseClean(t *testing.T, src string) string {
	t.Helper()
	m, fset := parseSource(t, src)
	for _, f := range m.Files {
		if f.Failed != "" {
			t.Fatalf("%s failed: %s", f.Path, f.Failed)
		}
	}
	for _, s := range m.Skipped {
		t.Errorf("skipped %s at %v: %s (%s)", s.Name, fset.Position(s.Pos), s.Reason, s.Detail)
	}
	return funcNames(m)
}

func TestVariableInConditionIsNotAType(t *testing.T) {
	// if (debug) stmt looks like a cast (foo_t)x, but debug is a variable.
	got := parseClean(t, `
static int debug;
static int verbose_probing;
static void f(int x)
{
	if (debug)
		printk("x");
	while (verbose_probing)
		x++;
	if (undeclared_flag)
		x--;
	switch (mode_param)
		x = 1;
}
`)
	if got != "f" {
		t.Errorf("functions = %q", got)
	}
}

func TestCastOfUnknownTypeStillInferred(t *testing.T) {
	got := parseClean(t, `
static long f(void *p)
{
	long v = (my_handle_t)p;
	return (my_cookie_t) v;
}
`)
	if got != "f" {
		t.Errorf("functions = %q", got)
	}
}

func TestDeclarationMacroWithoutSemicolon(t *testing.T) {
	got := parseClean(t, `
struct s { int a; SOME_MEMBERS(x) };
static DEF_QUEUE_CMD(my_queue)
#if 0
static int unused(void) { return 1; }
#endif
static int f(void) { return 0; }
ACPI_NAME_LIKE("component")
static int g(int a)
{
	return a;
}
STRUCT_DECL_MACRO(y);
EXPORT_LIKE(g)
int h(void) { return 0; }
EXPORT_LIKE(h);
`)
	if got != "f g h" {
		t.Errorf("functions = %q", got)
	}
}

func TestLvalueMacroIsNotADeclaration(t *testing.T) {
	// host_port_type(shost) = X assigns through an accessor macro;
	// DECLARE_THING(name) = { ... } declares.
	got := parseClean(t, `
static void f(struct Scsi_Host *shost, struct frame *fp)
{
	int sof;
	DECLARE_THING(name) = { 1 };
	host_port_type(shost) = 3;
	sof = host_port_type(shost);
	frame_sof(fp) = frame_class(fp);
}
`)
	if got != "f" {
		t.Errorf("functions = %q", got)
	}
}

func TestMacroBodiesAreInferred(t *testing.T) {
	// Unknown names used only in macro bodies: a macro taking a type and
	// a string macro. Parameters of the macros are not inferred.
	got := parseClean(t, `
#define NBITS_MIN BITS_PER_TYPE(unsigned long)
#define PER_REG BITS_PER_TYPE(u32)
#define CHECKED(mask) ({ FIELD_CHECK(mask, u32); (mask); })
#define PFX DRV_NAME ": "
#define WARN_PFX(fmt) MOD_PREFIX fmt
#define CAST(type, x) ((type)(x))
static int f(int pdr, int type)
{
	int idx = pdr / PER_REG + NBITS_MIN + CHECKED(3);
	printk(PFX "x" WARN_PFX("y"));
	if (type)
		idx++;
	return CAST(long, idx);
}
`)
	if got != "f" {
		t.Errorf("functions = %q", got)
	}
}

func TestStatementArguments(t *testing.T) {
	// Macros taking a statement: the call keeps its other arguments.
	got := parseClean(t, `
static int f(int *p)
{
	int ret = 0;
	ASSERT_WITH_CODE(p != NULL, "null", return -1);
	ASSERT_WITH_CODE(*p > 0, "neg", return ret);
	claim_scoped(return -16, p) {
		ret = *p;
	}
	while (ret--)
		CHECK_OR(ret > 3, break);
	return ret;
}
`)
	if got != "f" {
		t.Errorf("functions = %q", got)
	}
}

func TestLoopMacroEndingInFilter(t *testing.T) {
	// A module iterator whose body ends in an unknown filter macro.
	got := parseClean(t, `
#define for_each_port(p, mask) for ((p) = 0; (p) < 4; (p)++) for_each_if((mask) & (1 << (p)))
#define for_each_engine(e, gt, id) for ((id) = 0; (id) < 8; (id)++) only_if_present((e) = (gt)->engine[id])
static int f(struct gt *gt, int mask)
{
	int p, id, n = 0;
	struct engine *e;
	for_each_port(p, mask) {
		n++;
	}
	for_each_engine(e, gt, id) {
		n += e->x;
	}
	return n;
}
`)
	if got != "f" {
		t.Errorf("functions = %q", got)
	}
}

func TestParenthesizedTypedefName(t *testing.T) {
	// typedef bool (match_cb)(int) declares match_cb, not bool.
	got := parseClean(t, `
typedef bool (match_cb)(int);
typedef int (*handler_t)(void *);
static bool f(match_cb *cb, handler_t h)
{
	bool ok = cb(1);
	return ok && h(0);
}
`)
	if got != "f" {
		t.Errorf("functions = %q", got)
	}
}

func TestPrototypesAreNotTypeArgMacros(t *testing.T) {
	// Prototypes and definitions whose parameter lists start with a type
	// are functions, also after marker macros and prelude typedefs.
	got := parseClean(t, `
typedef struct tracker *wakeref_t;
acpi_status my_hex_to_value(int hex_char, u8 *ret);
void MY_XFACE
my_predefined_warning(const char *module_name, u32 line);
u8 *my_scan(u8 *start, u32 length);
static u8 my_hex_to_value2(int hex_char)
{
	wakeref_t wakeref;
	my_hex_to_value(hex_char, 0);
	my_predefined_warning("a", 1);
	return my_scan(0, 1) != 0;
}
`)
	if got != "my_hex_to_value2" {
		t.Errorf("functions = %q", got)
	}
}

func TestIteratorWrappedInAModuleMacro(t *testing.T) {
	m, _ := parseSource(t, `
#define vf_for_each(pf, bkt, vf) table_for_each_rcu((pf)->table, bkt, vf, entry)
#define vf_for_each_safe(pf, bkt, vf) vf_for_each(pf, bkt, vf)
static int count(struct pf *pf)
{
	struct vf *vf;
	int bkt, n = 0;
	vf_for_each(pf, bkt, vf) {
		n++;
	}
	vf_for_each_safe(pf, bkt, vf)
		n++;
	return n;
}
static int after(void) { return 0; }
`)
	if len(m.Skipped) != 0 {
		t.Fatalf("skipped %+v", m.Skipped)
	}
	if got := funcNames(m); got != "count after" {
		t.Errorf("functions = %q", got)
	}
}

func TestCastToAnnotatedPointer(t *testing.T) {
	m, _ := parseSource(t, `
static long rd(char __user *buf, unsigned long data)
{
	return put_user(data, (compat_ulong_t __user *)buf);
}
`)
	if len(m.Skipped) != 0 || funcNames(m) != "rd" {
		t.Fatalf("functions %q, skipped %+v", funcNames(m), m.Skipped)
	}
}

// TestMacroInTypePosition: an unknown macro called where a declaration's
// type stands expands to a type (GENRADIX, DEFINE_MIN_HEAP in bcachefs).
func TestMacroInTypePosition(t *testing.T) {
	got := parseClean(t, `
typedef GENRADIX(struct reflink_gc) reflink_gc_table;
typedef DEFINE_MIN_HEAP(struct io_timer *, io_timer_heap) io_timer_heap;
struct clock { DEFINE_MIN_HEAP(struct io_timer *, x) timers; int n; };
static reflink_gc_table tab;
static int f(void) { DEFINE_MIN_HEAP(int, h) heap; return g(&heap); }
`)
	if got != "f" {
		t.Errorf("functions = %q", got)
	}
}

// TestDeclarationMacroWrappedInModuleMacros: an unknown macro that a
// module macro wraps, used after a storage class, declares (madera.h's
// MADERA_MUX_ENUMS expands to static MADERA_MUX_ENUM_DECL(...), which is
// SOC_VALUE_ENUM_SINGLE_AUTODISABLE_DECL(...)).
func TestDeclarationMacroWrappedInModuleMacros(t *testing.T) {
	got := parseClean(t, `
#define MUX_ENUM_DECL(name, reg) SOC_ENUM_DECL(name, reg, 0, 0xff, texts)
#define MUX_ENUMS(name, reg) static MUX_ENUM_DECL(name##_enum, reg)
MUX_ENUMS(eq1, 0x10);
MUX_ENUMS(eq2, 0x12);
static int f(void) { return 0; }
`)
	if got != "f" {
		t.Errorf("functions = %q", got)
	}
}

// TestFunctionDefiningMacros: an unknown macro called at file scope and
// followed by a body defines the function its first argument names
// (SYSCALL_DEFINEn, BPF_CALL_n, DEFINE_IDTENTRY).
func TestFunctionDefiningMacros(t *testing.T) {
	got := parseClean(t, `
SYSCALL_DEFINE3(mq_open, const char __user *, u_name, int, oflag, umode_t, mode)
{
	return do_open(u_name, oflag, mode);
}
BPF_CALL_2(bpf_get, struct sk_buff *, skb, u32, off)
{
	msleep(1);
	return 0;
}
SYSCALL_DEFINE0(sync) { return 0; }
`)
	if got != "mq_open bpf_get sync" {
		t.Errorf("functions = %q", got)
	}
}

// TestStatementMacroWithoutSemicolon: an unknown macro called as the
// last statement of a block with no ';' is a statement (security.c's
// LSM_LOOP_UNROLL body: do { UNROLL(MAX_LSM_COUNT, M, ...) } while (0)).
func TestStatementMacroWithoutSemicolon(t *testing.T) {
	got := parseClean(t, `
#define LOOP(M, ...) do { UNROLL(MAX_COUNT, M, __VA_ARGS__) } while (0)
static int f(int x) { LOOP(CALL, x); return 0; }
static int g(int x) { if (x) { FOO_STMT(x) } return 1; }
`)
	if got != "f g" {
		t.Errorf("functions = %q", got)
	}
}

// TestAttributeMacros: an unknown name before a storage class, inline, a
// type keyword or a known type at file scope is an attribute, as is one
// after a declarator's parameter list; a name cast to in a macro body,
// (uch)((w) & 0xff), is a type.
func TestAttributeMacros(t *testing.T) {
	got := parseClean(t, `
typedef unsigned short ush;
typedef ush Pos;
#define put_short(s, w) put_byte(s, (uch)((w) & 0xff))
static __no_kcsan inline void a(void) { }
__no_kcsan
static void b(void) { }
static HUF_ATTRS
size_t
c(void *dst) { put_short(dst, 1); return 0; }
void d(int *args) ZSTDLIB_HIDDEN;
static Pos e(void) { return 0; }
`)
	if got != "a b c e" {
		t.Errorf("functions = %q", got)
	}
}

// TestMacrosEndingInACall: a module macro used as an iterator or as a
// file-scope item whose body ends in a call of an unknown name makes
// that name an iterator or a declaration macro; a lone unknown name
// among a definition's parameters is a macro for parameters.
func TestMacrosEndingInACall(t *testing.T) {
	got := parseClean(t, `
#define for_each_ext(bit, mask) (bit) = FIRST; for_each_set_bit_from(bit, &(mask), 64)
#define handled_param(p) static int ignore_##p(char *s) { return 0; } early_param(#p, ignore_##p)
handled_param(mem);
handled_param(cmma);
static int f(unsigned long m) { int i; for_each_ext(i, m) { g(i); } return 0; }
static int h(PMF_STD_ARGS, u32 len) { return len; }
bool once(int *x) __acquires(once_lock) { return true; }
`)
	if got != "ignore_mem ignore_cmma f h once" {
		t.Errorf("functions = %q", got)
	}
}

// TestTypeBeforeQualifier: an unknown name starting a declaration and
// followed by const or volatile is a type (ZSTD_bounds const b = ...).
func TestTypeBeforeQualifier(t *testing.T) {
	got := parseClean(t, `
static int f(int p)
{
	ZSTD_bounds const bounds = get_bounds(p);
	foo_t volatile *q = 0;
	return bounds.error + !q;
}
`)
	if got != "f" {
		t.Errorf("functions = %q", got)
	}
}

func TestMacroInLocalInitializerIsNoStatement(t *testing.T) {
	// { DEV_ENTRY(v, d) } inside a function is an initializer entry, not
	// a block holding a statement macro without ';'; the statement form
	// just after it must still be inferred as one.
	got := parseClean(t, `
struct slot { int n; };
static int probe_bus(struct slot *s)
{
	static const struct dev_id ids[] = {
		{ DEV_ENTRY(VENDOR_X, 0x0101) },
		{ DEV_ENTRY(VENDOR_X, 0x0102), .flags = 1 },
		{ },
	};
	struct pair p = { PAIR_INIT(1) };
	if (s->n) {
		LOG_AND_BAIL(s->n)
	}
	return dev_present(ids) + p.a;
}
static int after(struct slot *s)
{
	return s->n;
}
`)
	if got != "probe_bus after" {
		t.Errorf("functions = %q", got)
	}
}

// TestInitializerMacroIsNotAStatement: a call between '{' and '}' in a
// macro body is a statement missing its ';' only when the brace opens a
// block; where the body starts with the brace or it follows ',' or '=',
// the braces are an initializer and the call one of its elements
// (usb-serial-simple.c's id tables, whose macros were read as statements
// and every table skipped, one per parse).
func TestInitializerMacroIsNotAStatement(t *testing.T) {
	m, fset := parseSource(t, `
struct dev_id { int vendor, product; };
struct drv { const char *name; const struct dev_id *ids; };
#define TABLE(name, IDS) \
static const struct dev_id name##_ids[] = { IDS(), { }, }; \
static struct drv name##_drv = { .name = #name, .ids = name##_ids, };
#define ONE_IDS() { BOARD_ID(0x1, 0x2) }
#define TWO_IDS() { BOARD_ID(0x3, 0x4) }, \
	{ BOARD_ID(0x5, 0x6) }
TABLE(one, ONE_IDS);
TABLE(two, TWO_IDS);
#define LOOP(M, ...) do { UNROLL(MAX_COUNT, M, __VA_ARGS__) } while (0)
static int f(int x) { LOOP(CALL, x); return 0; }
`)
	for _, s := range m.Skipped {
		t.Errorf("skipped %s at %v: %s (%s)", s.Name, fset.Position(s.Pos), s.Reason, s.Detail)
	}
	var globals []string
	for _, g := range m.Globals {
		globals = append(globals, g.Name)
	}
	// Each TABLE call defines two globals at its own position: both are
	// kept (the driver structures were once lost behind the tables).
	if got := strings.Join(globals, " "); got != "one_drv one_ids two_drv two_ids" {
		t.Errorf("globals = %q", got)
	}
	if got := funcNames(m); got != "f" {
		t.Errorf("functions = %q", got)
	}
}

func TestFunctionsDefinedInAMacroBody(t *testing.T) {
	// The functions a registering macro defines take struct parameters,
	// like a macro taking a type would (FOO(x, struct bar)): they are
	// declarators, not macros to read as 0.
	got := parseClean(t, `
#define REGISTER_THING(_name)					\
static int thing_probe(struct platform_device *pdev)		\
{								\
	return thing_setup(pdev, _name);			\
}								\
static void thing_remove(struct platform_device *pdev);	\
static struct platform_driver thing_driver = {			\
	.probe = thing_probe,					\
	.remove_new = thing_remove,				\
};

REGISTER_THING("thing")

static void thing_remove(struct platform_device *pdev)
{
	thing_teardown(pdev);
}

static int f(void) { return TYPE_SIZE(struct platform_device); }
`)
	if got != "thing_probe thing_remove f" {
		t.Errorf("functions = %q", got)
	}
}

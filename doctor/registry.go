package doctor

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/bgkit/bgkit/internal/suggest"
)

// Rule is one check of the catalog. Its ID never changes once released:
// users name it in --rule, --skip and CI configuration.
type Rule struct {
	ID       string
	Title    string   // one line: what the rule wants
	Severity Severity // of its findings (a finding may lower it)
	Platform Platform
	Docs     string // the document that backs the rule: the source of its facts
	// Why says why the rule has its severity, under the severity policy
	// (severity.go); the catalog fills it from severityWhy.
	Why     string
	Fixable bool // its findings can carry a mechanical fix
	// Text explains the rule at length: what it checks, and how the
	// platform fails without it.
	Text string
	// Remedy says how to fix a finding (and what --fix does, for a
	// fixable rule).
	Remedy string
	// Before and After, when set, show a configuration that fails the
	// rule and the same one fixed.
	Before, After string
	// Run checks the project and reports through c. Nil for rules the
	// runner itself reports (rule-crashed).
	Run func(c *Check)
}

// Registry is a set of rules with unique IDs.
type Registry struct {
	// fill, when set, registers the rules on the registry's first use.
	fill  func(*Registry)
	once  sync.Once
	rules []*Rule
	byID  map[string]*Rule
}

// load runs fill, once, before the rules are read or added to.
func (r *Registry) load() {
	if r.fill != nil {
		r.once.Do(func() { r.fill(r) })
	}
}

// Register adds a rule; a duplicate or malformed ID is an error.
func (r *Registry) Register(rule Rule) error {
	r.load()
	return r.register(rule)
}

func (r *Registry) register(rule Rule) error {
	if r.byID == nil {
		r.byID = map[string]*Rule{}
	}
	if rule.ID == "" || strings.ToLower(rule.ID) != rule.ID || strings.ContainsAny(rule.ID, " \t_") {
		return fmt.Errorf("rule ID %q: IDs are lower-case words joined by '-'", rule.ID)
	}
	if _, dup := r.byID[rule.ID]; dup {
		return fmt.Errorf("rule %s is registered twice", rule.ID)
	}
	switch rule.Severity {
	case Error, Warning, Info:
	default:
		return fmt.Errorf("rule %s: unknown severity %q", rule.ID, rule.Severity)
	}
	if strings.TrimSpace(rule.Why) == "" {
		return fmt.Errorf("rule %s: no severity reason (the severity policy wants one: why is it %s?)", rule.ID, rule.Severity)
	}
	if !strings.HasPrefix(rule.Docs, "https://") {
		return fmt.Errorf("rule %s: no source (Docs must be an https:// link to what backs the rule)", rule.ID)
	}
	rr := rule
	r.rules = append(r.rules, &rr)
	r.byID[rule.ID] = &rr
	return nil
}

func (r *Registry) mustRegister(rules ...Rule) {
	for _, rule := range rules {
		if rule.Why == "" {
			rule.Why = severityWhy[rule.ID]
		}
		if d, ok := ruleDocs[rule.ID]; ok && rule.Text == "" {
			rule.Text, rule.Remedy, rule.Before, rule.After = d.Text, d.Remedy, d.Before, d.After
		}
		if err := r.register(rule); err != nil {
			panic(err)
		}
	}
}

// Rules returns the rules in catalog order: by platform (iOS, Android,
// both), then by ID.
func (r *Registry) Rules() []*Rule {
	r.load()
	out := append([]*Rule(nil), r.rules...)
	sort.SliceStable(out, func(i, j int) bool {
		if a, b := platformOrder(out[i].Platform), platformOrder(out[j].Platform); a != b {
			return a < b
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// Lookup returns the rule with the ID.
func (r *Registry) Lookup(id string) (*Rule, bool) {
	r.load()
	rule, ok := r.byID[id]
	return rule, ok
}

// UnknownRuleError names a rule ID the catalog does not have.
type UnknownRuleError struct {
	ID         string
	Suggestion string
}

func (e *UnknownRuleError) Error() string {
	msg := fmt.Sprintf("unknown rule %q", e.ID)
	if e.Suggestion != "" {
		msg += fmt.Sprintf(" (did you mean %s?)", e.Suggestion)
	}
	return msg + "; list the rules with: bgkit doctor --list-rules"
}

// CheckIDs returns an *UnknownRuleError for the first ID that is not in the
// catalog, with the closest known ID as a suggestion.
func (r *Registry) CheckIDs(ids []string) error {
	r.load()
	for _, id := range ids {
		if _, ok := r.byID[id]; ok {
			continue
		}
		ids := make([]string, len(r.rules))
		for i, rule := range r.rules {
			ids[i] = rule.ID
		}
		return &UnknownRuleError{ID: id, Suggestion: suggest.Best(id, ids)}
	}
	return nil
}

func platformOrder(p Platform) int {
	switch p {
	case IOS:
		return 0
	case Android:
		return 1
	}
	return 2
}

// Catalog is bgkit's rule catalog. It is filled on first use, so that
// commands other than doctor do not build it at start-up.
var Catalog = &Registry{fill: registerCatalog}

// RuleCrashed is reported by the runner for a rule that panicked.
const RuleCrashed = "rule-crashed"

func registerCatalog(r *Registry) {
	r.mustRegister(Rule{
		ID:       RuleCrashed,
		Title:    "A rule crashed; the others still ran",
		Severity: Error,
		Platform: Both,
		Docs:     "https://github.com/bgkit/bgkit/issues",
	})
	registerAppleRules(r)
	registerCapacitorRules(r)
	registerAndroidRules(r)
	registerExpoRules(r)
	registerSetupRules(r)
	registerInputRules(r)
	registerComponentRules(r)
}

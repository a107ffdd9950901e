package main

// Reads each history format into raw events, and builds each model's inputs and
// outputs, with the same readings faultline's readers give (checkers/history).

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
)

var etcdLine = regexp.MustCompile(`^\S+\s+jepsen\.util\s+-\s+(\S+)\s+:(invoke|ok|fail|info)\s+:([\w-]+)\s+(.*?)\s*$`)
var etcdPair = regexp.MustCompile(`^\[\s*(-?\d+)\s+(-?\d+)\s*\]$`)

// readEtcd: `:fail :cas` observed a mismatch (an ok cas with output false); `:fail :read` tells nothing.
func readEtcd(text string) ([]rawEvent, error) {
	var events []rawEvent
	for i, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		m := etcdLine.FindStringSubmatch(line)
		if m == nil {
			return nil, fmt.Errorf("line %d: not a jepsen.util line", i+1)
		}
		e := rawEvent{process: m[1], typ: m[2], f: m[3], hasValue: true}
		switch v := m[4]; {
		case v == "nil":
		case strings.HasPrefix(v, ":"):
			e.value = keyword(v[1:])
		case etcdPair.MatchString(v):
			p := etcdPair.FindStringSubmatch(v)
			e.value = []any{atom(p[1]), atom(p[2])}
		default:
			e.value = atom(v)
		}
		if e.f == "cas" && (e.typ == "ok" || e.typ == "fail") {
			e.typ, e.value = "ok", e.typ == "ok"
		}
		events = append(events, e)
	}
	return events, nil
}

// readEdn reads Jepsen EDN op maps (a vector of them, or a stream). With knossosReads,
// an ok read of nil constrains nothing, as in Knossos' register models.
func readEdn(text string, knossosReads bool) ([]rawEvent, error) {
	forms, err := parseEdnForms(text)
	if err != nil {
		return nil, err
	}
	if len(forms) == 1 {
		if items, ok := forms[0].([]any); ok {
			forms = items
		}
	}
	events := make([]rawEvent, 0, len(forms))
	for i, form := range forms {
		m, ok := form.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("form %d: expected an op map", i)
		}
		value, hasValue := m["value"]
		e := rawEvent{
			process:  strings.TrimPrefix(fmt.Sprint(m["process"]), ":"),
			typ:      fmt.Sprint(m["type"]),
			f:        fmt.Sprint(m["f"]),
			value:    value,
			hasValue: hasValue,
		}
		if key, ok := m["key"].(string); ok {
			e.key = key
		}
		if knossosReads && e.typ == "ok" && e.f == "read" && value == nil {
			e.hasValue = false
		}
		events = append(events, e)
	}
	return events, nil
}

type jsonEvent struct {
	Type    string          `json:"type"`
	Process any             `json:"process"`
	F       string          `json:"f"`
	Key     any             `json:"key"`
	Value   json.RawMessage `json:"value"`
}

// readJsonl reads faultline's history.jsonl (DESIGN.md).
func readJsonl(text string) ([]rawEvent, error) {
	lines := strings.Split(text, "\n")
	events := make([]rawEvent, 0, len(lines))
	for i, line := range lines {
		if strings.TrimSpace(line) == "" {
			continue
		}
		var j jsonEvent
		if err := json.Unmarshal([]byte(line), &j); err != nil {
			return nil, fmt.Errorf("line %d: %w", i+1, err)
		}
		e := rawEvent{process: fmt.Sprint(j.Process), typ: j.Type, f: j.F, hasValue: len(j.Value) > 0}
		if j.Key != nil {
			e.key = fmt.Sprint(j.Key)
		}
		if e.hasValue {
			if err := json.Unmarshal(j.Value, &e.value); err != nil {
				return nil, fmt.Errorf("line %d: %w", i+1, err)
			}
		}
		events = append(events, e)
	}
	return events, nil
}

func toInt(v any) (int, error) {
	switch n := v.(type) {
	case nil:
		return nilValue, nil
	case int64:
		return int(n), nil
	case float64:
		if n == float64(int(n)) {
			return int(n), nil
		}
	}
	return 0, fmt.Errorf("expected an integer or nil, got %v", v)
}

func buildRegister(invoke rawEvent, ok *rawEvent) (any, any, error) {
	in := regInput{key: invoke.key}
	out := regOutput{unknown: ok == nil}
	var err error
	switch invoke.f {
	case "read", "get":
		if ok != nil && !ok.hasValue {
			out.unknown = true
		} else if ok != nil && ok.value != nil {
			out.exists = true
			out.value, err = toInt(ok.value)
		}
	case "write", "put":
		in.op = 1
		in.arg1, err = toInt(invoke.value)
	case "cas":
		in.op = 2
		pair, isPair := invoke.value.([]any)
		if !isPair || len(pair) != 2 {
			return nil, nil, fmt.Errorf("expected a cas of [old new], got %v", invoke.value)
		}
		if in.arg1, err = toInt(pair[0]); err == nil {
			in.arg2, err = toInt(pair[1])
		}
		out.ok = ok != nil && ok.value != false
	default:
		err = fmt.Errorf("a register has no %s", invoke.f)
	}
	return in, out, err
}

func buildKv(invoke rawEvent, ok *rawEvent) (any, any, error) {
	ops := map[string]uint8{"get": 0, "put": 1, "append": 2}
	op, known := ops[invoke.f]
	if !known {
		return nil, nil, fmt.Errorf("a kv store has no %s", invoke.f)
	}
	in := kvInput{op: op, key: invoke.key}
	in.value, _ = invoke.value.(string)
	out := kvOutput{unknown: ok == nil}
	if ok != nil {
		out.value, _ = ok.value.(string)
	}
	return in, out, nil
}

func buildTxn(invoke rawEvent, ok *rawEvent) (any, any, error) {
	in, err := microOps(invoke.value)
	if err != nil {
		return nil, nil, err
	}
	if ok == nil {
		return in, txnOutput{unknown: true}, nil
	}
	out, err := microOps(ok.value)
	return in, txnOutput{micro: out}, err
}

func microOps(value any) ([]microOp, error) {
	list, isList := value.([]any)
	if !isList {
		return nil, fmt.Errorf("expected a txn of [f k v], got %v", value)
	}
	micro := make([]microOp, 0, len(list))
	for _, item := range list {
		m, isTriple := item.([]any)
		if !isTriple || len(m) != 3 {
			return nil, fmt.Errorf("expected a micro-op [f k v], got %v", item)
		}
		v, err := toInt(m[2])
		if err != nil {
			return nil, err
		}
		micro = append(micro, microOp{read: fmt.Sprint(m[0]) == "read", key: fmt.Sprint(m[1]), value: v})
	}
	return micro, nil
}

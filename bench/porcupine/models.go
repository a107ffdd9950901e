package main

// The models Porcupine checks each file with. The register model has the semantics
// of the etcd model in Porcupine's own test suite (nil is -1000000, a known cas
// either took effect or observed a mismatch, an unknown op takes effect if it can);
// the kv model is its test suite's string-per-key model, partitioned by key.

import (
	"fmt"
	"hash/fnv"
	"sort"

	"github.com/anishathalye/porcupine"
)

const nilValue = -1000000

type regInput struct {
	op   uint8 // 0 read, 1 write, 2 cas
	key  string
	arg1 int // write's value, or cas' expected value
	arg2 int // cas' new value
}

type regOutput struct {
	ok      bool // cas took effect
	exists  bool // the read returned a value
	value   int
	unknown bool // the outcome is unknown, or the read's value constrains nothing
}

func registerModel(initial int, byKey bool) porcupine.Model {
	model := porcupine.Model{
		Init: func() any { return initial },
		Step: func(state, input, output any) (bool, any) {
			st, in, out := state.(int), input.(regInput), output.(regOutput)
			switch in.op {
			case 0:
				return out.unknown || (!out.exists && st == nilValue) || (out.exists && st == out.value), state
			case 1:
				return true, in.arg1
			default:
				next := st
				if in.arg1 == st {
					next = in.arg2
				}
				return out.unknown || (in.arg1 == st) == out.ok, next
			}
		},
	}
	if byKey {
		model.PartitionEvent = partitionEventsByKey(func(input any) string { return input.(regInput).key })
	}
	return model
}

type kvInput struct {
	op    uint8 // 0 get, 1 put, 2 append
	key   string
	value string
}

type kvOutput struct {
	value   string
	unknown bool
}

func kvModel(initial string) porcupine.Model {
	return porcupine.Model{
		PartitionEvent: partitionEventsByKey(func(input any) string { return input.(kvInput).key }),
		Init:           func() any { return initial },
		Step: func(state, input, output any) (bool, any) {
			st, in, out := state.(string), input.(kvInput), output.(kvOutput)
			switch in.op {
			case 0:
				return out.unknown || out.value == st, state
			case 1:
				return true, in.value
			default:
				return true, st + in.value
			}
		},
		Hash: func(state any) uint64 {
			h := fnv.New64a()
			h.Write([]byte(state.(string)))
			return h.Sum64()
		},
	}
}

type microOp struct {
	read  bool
	key   string
	value int
}

type txnOutput struct {
	micro   []microOp
	unknown bool
}

// multiRegisterModel: transactions of read/write micro-ops over a map of registers.
func multiRegisterModel(initial map[string]int) porcupine.Model {
	return porcupine.Model{
		Init: func() any { return initial },
		Step: func(state, input, output any) (bool, any) {
			st, out := state.(map[string]int), output.(txnOutput)
			micro := input.([]microOp)
			if !out.unknown {
				micro = out.micro
			}
			next, copied := st, false
			for _, m := range micro {
				if m.read {
					if !out.unknown && next[m.key] != m.value {
						return false, state
					}
					continue
				}
				if !copied {
					next, copied = copyMap(st), true
				}
				next[m.key] = m.value
			}
			return true, next
		},
		Equal: func(a, b any) bool { return sameMap(a.(map[string]int), b.(map[string]int)) },
		Hash: func(state any) uint64 {
			st := state.(map[string]int)
			keys := make([]string, 0, len(st))
			for k := range st {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			h := fnv.New64a()
			for _, k := range keys {
				fmt.Fprintf(h, "%s=%d;", k, st[k])
			}
			return h.Sum64()
		},
	}
}

func sameMap(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func copyMap(m map[string]int) map[string]int {
	c := make(map[string]int, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

// partitionEventsByKey splits a history by each call's key; a return goes with its call.
func partitionEventsByKey(keyOf func(input any) string) func([]porcupine.Event) [][]porcupine.Event {
	return func(history []porcupine.Event) [][]porcupine.Event {
		index := make(map[string]int)
		partOf := make(map[int]int)
		var parts [][]porcupine.Event
		for _, e := range history {
			if e.Kind == porcupine.CallEvent {
				key := keyOf(e.Value)
				p, seen := index[key]
				if !seen {
					p = len(parts)
					index[key] = p
					parts = append(parts, nil)
				}
				partOf[e.Id] = p
			}
			p := partOf[e.Id]
			parts[p] = append(parts[p], e)
		}
		return parts
	}
}

package main

// Turns a file's events into Porcupine events under Jepsen's semantics, the same
// rules faultline's reader applies: a fail never happened (both events are left out);
// an info, or an invocation never completed, may take effect at any time after its
// call or never (its return goes after everything else); nemesis events are not
// client ops.

import (
	"fmt"

	"github.com/anishathalye/porcupine"
)

type rawEvent struct {
	process  string
	typ      string // invoke, ok, fail or info
	f        string
	key      string
	value    any
	hasValue bool
}

// An opBuilder makes a model's input and output from an invocation and its ok
// completion (nil when the outcome is unknown).
type opBuilder func(invoke rawEvent, ok *rawEvent) (input any, output any, err error)

func pairEvents(raw []rawEvent, build opBuilder) ([]porcupine.Event, error) {
	completionOf := make(map[int]int) // invoke position -> ok position, or -1 if unknown
	pending := make(map[string]int)
	for i, e := range raw {
		if e.process == "nemesis" {
			continue
		}
		if e.typ == "invoke" {
			if _, open := pending[e.process]; open {
				return nil, fmt.Errorf("event %d: process %s invoked twice", i, e.process)
			}
			pending[e.process] = i
			continue
		}
		invoke, open := pending[e.process]
		if !open {
			return nil, fmt.Errorf("event %d: %s by process %s without an invoke", i, e.typ, e.process)
		}
		delete(pending, e.process)
		switch e.typ {
		case "ok":
			completionOf[invoke] = i
		case "info":
			completionOf[invoke] = -1
		}
	}
	for _, invoke := range pending {
		completionOf[invoke] = -1
	}

	idOf := make(map[int]int, len(completionOf)) // ok position -> op id
	outputOf := make([]any, 0, len(completionOf))
	var events, unknownReturns []porcupine.Event
	for i, e := range raw {
		if e.typ == "ok" {
			if id, isReturn := idOf[i]; isReturn {
				events = append(events, porcupine.Event{Kind: porcupine.ReturnEvent, Value: outputOf[id], Id: id})
			}
			continue
		}
		done, kept := completionOf[i]
		if e.typ != "invoke" || !kept {
			continue
		}
		var ok *rawEvent
		if done >= 0 {
			ok = &raw[done]
		}
		input, output, err := build(e, ok)
		if err != nil {
			return nil, fmt.Errorf("event %d: %w", i, err)
		}
		id := len(outputOf)
		outputOf = append(outputOf, output)
		events = append(events, porcupine.Event{Kind: porcupine.CallEvent, Value: input, Id: id})
		if done >= 0 {
			idOf[done] = id
		} else {
			unknownReturns = append(unknownReturns, porcupine.Event{Kind: porcupine.ReturnEvent, Value: output, Id: id})
		}
	}
	return append(events, unknownReturns...), nil
}

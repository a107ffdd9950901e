// porcupine-bench times Porcupine v1.3.0 on the histories faultline's checker reads,
// for `npm run bench:checker`. It reads a manifest of JSON lines on standard input,
// {"file", "format", "model", "initial", "reps"?}, or, with -histories DIR, the
// reference corpus DIR/verdicts.json; and prints one JSON line per file:
// {"file", "ms", "linearizable", "parseMs", "runs"}. `ms` is the median over reps
// batches of one CheckEvents call (each batch repeats the call until it has run for
// -min-batch, so that sub-millisecond files are timed well), after one warm-up call;
// file reading and parsing are timed apart, in parseMs.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/anishathalye/porcupine"
)

type manifestEntry struct {
	File    string `json:"file"`
	Format  string `json:"format"`
	Model   string `json:"model"`
	Initial any    `json:"initial"`
	Reps    int    `json:"reps"`
}

type result struct {
	File         string  `json:"file"`
	Ms           float64 `json:"ms"`
	Linearizable bool    `json:"linearizable"`
	ParseMs      float64 `json:"parseMs"`
	Runs         int     `json:"runs"`
	Error        string  `json:"error,omitempty"`
}

// The verdicts.json names of formats, and faultline's own.
var formatNames = map[string]string{
	"porcupine-etcd-log": "porcupine-etcd", "porcupine-kv-log": "porcupine-kv", "jepsen-edn": "edn",
}

func main() {
	reps := flag.Int("reps", 5, "timed batches per file (the median is reported)")
	minBatch := flag.Duration("min-batch", 20*time.Millisecond, "repeat the check within a batch until it has run this long")
	histories := flag.String("histories", "", "time every file in DIR/verdicts.json instead of reading a manifest")
	flag.Parse()

	entries, err := readManifest(*histories)
	if err != nil {
		fmt.Fprintln(os.Stderr, "porcupine-bench:", err)
		os.Exit(254)
	}
	out := json.NewEncoder(os.Stdout)
	for _, entry := range entries {
		if entry.Reps <= 0 {
			entry.Reps = *reps
		}
		out.Encode(timeFile(entry, *minBatch))
	}
}

func readManifest(histories string) ([]manifestEntry, error) {
	var entries []manifestEntry
	if histories != "" {
		text, err := os.ReadFile(filepath.Join(histories, "verdicts.json"))
		if err != nil {
			return nil, err
		}
		var verdicts map[string]manifestEntry
		if err := json.Unmarshal(text, &verdicts); err != nil {
			return nil, err
		}
		for name, v := range verdicts {
			v.File = filepath.Join(histories, name)
			entries = append(entries, v)
		}
		sort.Slice(entries, func(i, j int) bool { return entries[i].File < entries[j].File })
		return entries, nil
	}
	scanner := bufio.NewScanner(os.Stdin)
	for scanner.Scan() {
		if strings.TrimSpace(scanner.Text()) == "" {
			continue
		}
		var entry manifestEntry
		if err := json.Unmarshal(scanner.Bytes(), &entry); err != nil {
			return nil, fmt.Errorf("manifest: %w", err)
		}
		entries = append(entries, entry)
	}
	return entries, scanner.Err()
}

func timeFile(entry manifestEntry, minBatch time.Duration) result {
	started := time.Now()
	events, model, err := load(entry)
	parseMs := ms(time.Since(started))
	if err != nil {
		return result{File: entry.File, Error: err.Error()}
	}
	linearizable := porcupine.CheckEvents(model, events)
	batches := make([]float64, 0, entry.Reps)
	runs := 0
	for b := 0; b < entry.Reps; b++ {
		batchStart := time.Now()
		n := 0
		for n == 0 || time.Since(batchStart) < minBatch {
			porcupine.CheckEvents(model, events)
			n++
		}
		batches = append(batches, ms(time.Since(batchStart))/float64(n))
		runs += n
	}
	sort.Float64s(batches)
	return result{File: entry.File, Ms: batches[len(batches)/2], Linearizable: linearizable, ParseMs: parseMs, Runs: runs}
}

func ms(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e6 }

func load(entry manifestEntry) ([]porcupine.Event, porcupine.Model, error) {
	bytes, err := os.ReadFile(entry.File)
	if err != nil {
		return nil, porcupine.Model{}, err
	}
	text := string(bytes)
	format := entry.Format
	if name, ok := formatNames[format]; ok {
		format = name
	}
	model := strings.Fields(entry.Model + " ")[0]

	var raw []rawEvent
	switch format {
	case "porcupine-etcd":
		raw, err = readEtcd(text)
	case "porcupine-kv":
		raw, err = readEdn(text, false)
	case "edn":
		raw, err = readEdn(text, true)
	case "jsonl":
		raw, err = readJsonl(text)
	default:
		err = fmt.Errorf("unknown format %q", entry.Format)
	}
	if err != nil {
		return nil, porcupine.Model{}, err
	}

	switch model {
	case "register", "cas-register", "kv":
		if format == "porcupine-kv" {
			initial, _ := entry.Initial.(string)
			events, err := pairEvents(raw, buildKv)
			return events, kvModel(initial), err
		}
		initial, err := toInt(entry.Initial)
		if err != nil {
			return nil, porcupine.Model{}, err
		}
		events, err := pairEvents(raw, buildRegister)
		return events, registerModel(initial, model == "kv"), err
	case "multi-register":
		initial := map[string]int{}
		if fields, ok := entry.Initial.(map[string]any); ok {
			for k, v := range fields {
				if initial[k], err = toInt(v); err != nil {
					return nil, porcupine.Model{}, err
				}
			}
		}
		events, err := pairEvents(raw, buildTxn)
		return events, multiRegisterModel(initial), err
	}
	return nil, porcupine.Model{}, fmt.Errorf("unknown model %q", entry.Model)
}

// porcupine-bench times Porcupine v1.3.0 on the histories faultline's checker reads,
// for `npm run bench:checker`. It reads a manifest of JSON lines on standard input,
// {"file", "format", "model", "initial", "reps"?}, or, with -histories DIR, the
// reference corpus DIR/verdicts.json; and prints one JSON line per file:
// {"file", "ms", "linearizable", "verdict", "parseMs", "runs", "maxRssKb"}. `ms` is the
// median over reps batches of one CheckEvents call (each batch repeats the call until
// it has run for -min-batch, so that sub-millisecond files are timed well), after one
// warm-up call (CheckEventsTimeout: verdict is "unknown" past -timeout); a file whose
// first call takes over -slow is timed by that call alone. File reading and parsing are timed
// apart, in parseMs. maxRssKb is the process's peak resident memory so far (per file
// when the manifest has one).
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
	"syscall"
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
	Verdict      string  `json:"verdict"`
	ParseMs      float64 `json:"parseMs"`
	Runs         int     `json:"runs"`
	MaxRssKb     int64   `json:"maxRssKb"`
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
	timeout := flag.Duration("timeout", 60*time.Second, "give up on a check (verdict unknown) after this long")
	slow := flag.Duration("slow", 5*time.Second, "a file whose first check takes longer is timed by that check alone")
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
		out.Encode(timeFile(entry, *minBatch, *timeout, *slow))
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

func timeFile(entry manifestEntry, minBatch, timeout, slow time.Duration) result {
	started := time.Now()
	events, model, err := load(entry)
	parseMs := ms(time.Since(started))
	if err != nil {
		return result{File: entry.File, Error: err.Error()}
	}
	started = time.Now()
	verdict := porcupine.CheckEventsTimeout(model, events, timeout)
	first := time.Since(started)
	batches := make([]float64, 0, entry.Reps)
	runs := 1
	if first > slow {
		batches = append(batches, ms(first))
	}
	for b := 0; b < entry.Reps && len(batches) < entry.Reps && first <= slow; b++ {
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
	return result{
		File: entry.File, Ms: batches[len(batches)/2], Linearizable: verdict == porcupine.Ok, Verdict: verdictName(verdict),
		ParseMs: parseMs, Runs: runs, MaxRssKb: maxRssKb(),
	}
}

func verdictName(r porcupine.CheckResult) string {
	switch r {
	case porcupine.Ok:
		return "valid"
	case porcupine.Illegal:
		return "invalid"
	}
	return "unknown"
}

// maxRssKb is the peak resident memory of this process so far (Linux reports KiB).
func maxRssKb() int64 {
	var usage syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &usage) != nil {
		return 0
	}
	return usage.Maxrss
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

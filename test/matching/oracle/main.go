// Command oracle prints distribution/reference v0.6.0's answers for a fixed list of inputs as
// JSON, together with Docker's own test tables. test/matching compares eci-imagecache's parser to
// it row by row. Regenerate with:
//
//	cd test/matching/oracle && go run . "$(go list -m -f '{{.Dir}}' github.com/distribution/reference)" > ../fixtures/reference-oracle.json
package main

import (
	// The hashes Docker links in; without them go-digest reports sha256 digests as unsupported.
	_ "crypto/sha256"
	_ "crypto/sha512"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"sort"
	"strings"

	"github.com/distribution/reference"
)

type parsed struct {
	Error    string `json:"error,omitempty"`
	Domain   string `json:"domain,omitempty"`
	Path     string `json:"path,omitempty"`
	Tag      string `json:"tag,omitempty"`
	Digest   string `json:"digest,omitempty"`
	Name     string `json:"name,omitempty"`
	String   string `json:"string,omitempty"`
	Familiar string `json:"familiar,omitempty"`
	// DockerRef is ParseDockerRef's String(); only for ParseNormalizedNamed rows.
	DockerRef string `json:"dockerRef,omitempty"`
}

type row struct {
	Input string `json:"input"`
	// Normalized is ParseNormalizedNamed(input); Parse is the unnormalized Parse(input).
	Normalized parsed `json:"normalized"`
	Parse      parsed `json:"parse"`
}

func describe(ref reference.Reference, err error) parsed {
	if err != nil {
		return parsed{Error: err.Error()}
	}
	p := parsed{String: ref.String()}
	if named, ok := ref.(reference.Named); ok {
		p.Name = named.Name()
		p.Domain = reference.Domain(named)
		p.Path = reference.Path(named)
		p.Familiar = reference.FamiliarString(named)
	}
	if tagged, ok := ref.(reference.Tagged); ok {
		p.Tag = tagged.Tag()
	}
	if digested, ok := ref.(reference.Digested); ok {
		p.Digest = digested.Digest().String()
	}
	return p
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: oracle <dir of github.com/distribution/reference>")
		os.Exit(2)
	}
	tables, err := extractTables(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	inputs := map[string]bool{}
	collectStrings(tables, inputs)
	for _, s := range handPicked() {
		inputs[s] = true
	}
	for _, s := range fuzzed(400) {
		inputs[s] = true
	}
	sorted := make([]string, 0, len(inputs))
	for s := range inputs {
		sorted = append(sorted, s)
	}
	sort.Strings(sorted)

	rows := make([]row, 0, len(sorted))
	for _, s := range sorted {
		r := row{Input: s}
		named, err := reference.ParseNormalizedNamed(s)
		r.Normalized = describe(named, err)
		if err == nil {
			docker, derr := reference.ParseDockerRef(s)
			if derr != nil {
				r.Normalized.DockerRef = "ERROR " + derr.Error()
			} else {
				r.Normalized.DockerRef = docker.String()
			}
		}
		r.Parse = describe(reference.Parse(s))
		rows = append(rows, r)
	}
	out := map[string]any{
		"source": "github.com/distribution/reference v0.6.0 (go-digest v1.0.0, crypto/sha256 and crypto/sha512 linked)",
		"tables": tables,
		"rows":   rows,
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", " ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func collectStrings(v any, into map[string]bool) {
	switch x := v.(type) {
	case string:
		into[x] = true
	case []any:
		for _, e := range x {
			collectStrings(e, into)
		}
	case map[string]any:
		for k, e := range x {
			if k != "error" {
				collectStrings(e, into)
			}
		}
	}
}

const hex64 = "e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582"

// handPicked are the cases this project cares about: ECI's own examples, length limits counted
// with and without the implicit "library/", uppercase domains, ports, IPv6, digest algorithms.
func handPicked() []string {
	return []string{
		"nginx", "nginx:1.7.9", "busybox:latest", "centos:latest", "flink",
		"registry-vpc.cn-beijing.aliyuncs.com/acs/pause-amd64:3.0",
		"registry.cn-shanghai.aliyuncs.com/baz/nginx:1.0",
		"registry.cn-beijing.aliyuncs.com/acs/pause-amd64@sha256:" + hex64,
		"index.docker.io/nginx", "index.docker.io/library/nginx:1.25", "docker.io/nginx@sha256:" + hex64,
		"nginx:1.25@sha256:" + hex64, "nginx@sha384:" + strings.Repeat("a", 96), "nginx@sha512:" + strings.Repeat("b", 128),
		"nginx@sha256:" + strings.ToUpper(hex64), "nginx@SHA256:" + hex64, "nginx@md5:" + strings.Repeat("a", 32),
		"nginx@sha256:" + hex64[:63], "nginx@sha256:" + hex64 + "0", "nginx@sha256+b64:" + hex64,
		"nginx@sha256:", "nginx@", "nginx:", ":latest", "/nginx", "nginx/", "nginx//x",
		"Nginx", "nginx:Latest", "NGINX/nginx", "Ngin.x/nginx", "localhost/nginx", "localhost:5000/nginx",
		"LocalHost/nginx", "localhost", "localhost:5000", "example.com", "example.com:5000",
		"example.com/Nginx", "example.com:/nginx", "example.com:abc/nginx", "[::1]/nginx", "[::1]:5000/nginx",
		"[::1]", "[::1]:5000", "::1/nginx", "[::1%lo]/nginx", "[g::1]/nginx",
		"a", "a/b/c/d/e/f", "a__b", "a___b", "a--b", "a.-b", "a._b", "a..b", "a_.b", "-a", "a-", "a.",
		"nginx:" + strings.Repeat("t", 128), "nginx:" + strings.Repeat("t", 129), "nginx:-tag", "nginx:.tag", "nginx:_tag",
		"nginx:tag:tag", "nginx@sha256:" + hex64 + "@sha256:" + hex64, "nginx:tag@sha256:" + hex64 + ":x",
		strings.Repeat("a", 247), strings.Repeat("a", 248), strings.Repeat("a", 249),
		strings.Repeat("a", 255), strings.Repeat("a", 256), "x/" + strings.Repeat("a", 253), "x/" + strings.Repeat("a", 254),
		"example.com/" + strings.Repeat("a", 255), "example.com/" + strings.Repeat("a", 256),
		"docker.io/" + strings.Repeat("a", 248), "docker.io/" + strings.Repeat("a", 249),
		hex64, hex64 + ":tag", "docker.io/" + hex64, strings.ToUpper(hex64), hex64[:63],
		"nginx\n", " nginx", "nginx ", "ngïnx", "nginx:tä", "İ/nginx", "\u212a/nginx",
		"sha256:" + hex64, "nginx@sha256:" + hex64 + "\n",
		// A tag keeps the digest out of the lowercase check on the repository, so these reach go-digest.
		"nginx:1@SHA256:" + hex64, "nginx:1@Sha512:" + strings.Repeat("b", 128), "nginx:1@md5:" + strings.Repeat("a", 32),
		"nginx:1@a.b:" + strings.Repeat("a", 32), "nginx:1@sha256:" + strings.ToUpper(hex64), "nginx:1@x1:" + strings.Repeat("F", 40),
		"example.com/nginx:1@sha256+b64:" + hex64, "example.com/nginx:1@sha384:" + strings.Repeat("a", 64),
	}
}

// fuzzed joins random fragments, deterministically, to reach the corners a table misses.
func fuzzed(n int) []string {
	fragments := []string{
		"", "a", "b0", "A", "Ab", "nginx", "library", "docker.io", "index.docker.io", "localhost",
		"example.com", "Example.COM", "[::1]", "[fe80::1%eth0]", "[2001:db8::]", ":", ":5000", ":tag",
		"/", "//", "@", "sha256:" + hex64, "sha512:" + strings.Repeat("c", 128), "sha384:" + strings.Repeat("d", 96),
		"SHA256:" + hex64, "md5:" + strings.Repeat("e", 32), "-", "_", "__", ".", "..", "1.7.9", "latest",
		"x-y", "x.y", strings.Repeat("z", 120), "ü", " ", "\t", hex64,
	}
	r := rand.New(rand.NewSource(20240601))
	out := make([]string, 0, n)
	for len(out) < n {
		parts := 1 + r.Intn(6)
		var b strings.Builder
		for i := 0; i < parts; i++ {
			b.WriteString(fragments[r.Intn(len(fragments))])
		}
		out = append(out, b.String())
	}
	return out
}

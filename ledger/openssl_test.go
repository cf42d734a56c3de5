package ledger

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// docBlocks returns the shell blocks of OPENSSL.md marked <!-- test: name -->.
func docBlocks(t *testing.T) map[string]string {
	t.Helper()
	doc, err := os.ReadFile("OPENSSL.md")
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile("(?s)<!-- test: ([a-z0-9-]+) -->\n```sh\n(.*?)```")
	blocks := map[string]string{}
	for _, m := range re.FindAllSubmatch(doc, -1) {
		blocks[string(m[1])] = string(m[2])
	}
	for _, name := range []string{"fingerprint", "extract", "verify-ed25519", "verify-sm2", "verify-sm2-dgst"} {
		if blocks[name] == "" {
			t.Fatalf("OPENSSL.md lacks the block %q", name)
		}
	}
	return blocks
}

func needTools(t *testing.T, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed", tool)
		}
	}
}

// runIn runs a shell script in dir and returns its combined output and whether it succeeded.
func runIn(t *testing.T, dir, script string) (string, bool) {
	t.Helper()
	cmd := exec.Command("sh", "-e", "-c", script)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	return string(out), err == nil
}

// TestOpenSSLDoc runs the commands of OPENSSL.md against heads signed here, genuine and forged.
func TestOpenSSLDoc(t *testing.T) {
	needTools(t, "openssl", "jq", "base64")
	blocks := docBlocks(t)
	verifiers := map[string][]string{
		SigEd25519: {"verify-ed25519"},
		SigSM2:     {"verify-sm2", "verify-sm2-dgst"},
	}
	for _, alg := range sigAlgs {
		l := newTestLog(t, SHA256, alg, 12, 5)
		genuine := l.heads[len(l.heads)-1]
		forged := genuine
		forged.Size-- // a head claiming another size with the genuine signature
		for _, tt := range []struct {
			name string
			head SignedHead
			ok   bool
		}{{"genuine", genuine, true}, {"forged", forged, false}} {
			dir := t.TempDir()
			headJSON, _ := json.Marshal(tt.head)
			writeFile(t, dir, "head.json", headJSON)
			writeFile(t, dir, "head-pub.pem", l.signer.Verifier().PublicKeyPEM())

			out, ok := runIn(t, dir, blocks["fingerprint"])
			if !ok || !strings.Contains(out, l.signer.Verifier().KeyID()) {
				t.Fatalf("%s: fingerprint block gave %q, want key id %s", alg, out, l.signer.Verifier().KeyID())
			}
			out, ok = runIn(t, dir, blocks["extract"])
			if !ok || out != string(tt.head.Message()) {
				t.Fatalf("%s %s: extract block printed %q (ok=%v)", alg, tt.name, out, ok)
			}
			for _, block := range verifiers[alg] {
				out, ok := runIn(t, dir, blocks[block])
				if ok != tt.ok {
					t.Errorf("%s %s head: %s block ok=%v, want %v: %s", alg, tt.name, block, ok, tt.ok, out)
				}
			}
		}
	}
}

// TestOpenSSLKeysInterop checks that keys made by openssl are accepted as "supplied by file",
// and that signatures cross in both directions.
func TestOpenSSLKeysInterop(t *testing.T) {
	needTools(t, "openssl")
	blocks := docBlocks(t)
	for _, tt := range []struct {
		alg, genpkey, verify string
		signArgs             []string
	}{
		{SigEd25519, "ed25519", "verify-ed25519", nil},
		{SigSM2, "SM2", "verify-sm2", []string{"-digest", "sm3", "-pkeyopt", "distid:1234567812345678"}},
	} {
		dir := t.TempDir()
		if out, ok := runIn(t, dir, "openssl genpkey -algorithm "+tt.genpkey+" -out key.pem && openssl pkey -in key.pem -pubout -out head-pub.pem"); !ok {
			t.Fatalf("%s: openssl genpkey: %s", tt.alg, out)
		}
		keyPEM, _ := os.ReadFile(filepath.Join(dir, "key.pem"))
		s, err := ParsePrivateKeyPEM(keyPEM)
		if err != nil {
			t.Fatalf("%s: openssl key refused: %v", tt.alg, err)
		}
		pubPEM, _ := os.ReadFile(filepath.Join(dir, "head-pub.pem"))
		v, err := ParsePublicKeyPEM(pubPEM)
		if err != nil || v.KeyID() != s.Verifier().KeyID() || s.Algorithm() != tt.alg {
			t.Fatalf("%s: openssl public key: %v", tt.alg, err)
		}
		// Go signs, openssl verifies.
		sh, err := SignHead(s, TreeHead{Size: 5, Root: SHA256.Sum([]byte("r")), Time: testTime, HashAlg: SHA256})
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, dir, "head.bin", sh.Message())
		writeFile(t, dir, "head.sig", sh.Signature)
		if out, ok := runIn(t, dir, blocks[tt.verify]); !ok {
			t.Errorf("%s: openssl rejects a head signed with its own key: %s", tt.alg, out)
		}
		// openssl signs, Go verifies.
		args := append([]string{"pkeyutl", "-sign", "-inkey", "key.pem", "-rawin", "-in", "head.bin", "-out", "openssl.sig"}, tt.signArgs...)
		cmd := exec.Command("openssl", args...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s: openssl sign: %v %s", tt.alg, err, out)
		}
		sig, _ := os.ReadFile(filepath.Join(dir, "openssl.sig"))
		sh.Signature = sig
		if err := VerifyHead(v, sh); err != nil {
			t.Errorf("%s: a signature made by openssl is rejected: %v", tt.alg, err)
		}
		sh.Signature = bytes.Clone(sig)
		sh.Size++
		if err := VerifyHead(v, sh); err == nil {
			t.Errorf("%s: openssl signature accepted for another head", tt.alg)
		}
	}
}

func writeFile(t *testing.T, dir, name string, data []byte) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
		t.Fatal(err)
	}
}

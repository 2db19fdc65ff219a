package e2e

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"net/http"
	"testing"
)

// BenchmarkAttachmentUpload measures uploading a 4 MiB PDF through the
// gateway (multipart parse, streamed in 256 KiB gRPC messages) into the
// tickets service (sniff, the file store, metadata in Mongo), reported as
// MB/s of file and time per upload:
//
//	bin/devdb -- go test ./e2e/ -run '^$' -bench AttachmentUpload -benchtime 20x
func BenchmarkAttachmentUpload(b *testing.B) {
	writer, err := setupBenchCompany()
	if err != nil {
		b.Fatal(err)
	}
	r, err := send(http.MethodPost, "/api/tickets", writer.Access, map[string]any{"title": "Bench files", "type": "blog_post"})
	if err != nil || r.status != http.StatusOK {
		b.Fatalf("create ticket: %v %s", err, r)
	}
	var tk map[string]any
	if err := json.Unmarshal(r.body, &tk); err != nil || str(tk, "id") == "" {
		b.Fatalf("ticket: %v %s", err, r)
	}
	id := str(tk, "id")
	data := append([]byte("%PDF-1.4\n"), make([]byte, 4<<20-9)...)
	_, _ = rand.Read(data[9:])
	path := "/api/tickets/" + id + "/attachments"
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if r := upload(b, path, writer.Access, formFile{filename: "bench.pdf", data: data}); r.status != http.StatusOK {
			b.Fatalf("upload: %s", r)
		}
	}
	if r, err := send(http.MethodGet, path+"?limit=1", writer.Access, nil); err != nil || !bytes.Contains(r.body, []byte("bench.pdf")) {
		b.Fatalf("list: %v %s", err, r)
	}
}

package upload

import (
	"errors"
	"io"

	"github.com/copydesk/copydesk/pkg/errs"
)

// ChunkBytes is the size of the chunks an upload is streamed in (the
// gateway's choice; services accept any chunk a gRPC message can carry).
const ChunkBytes = 256 << 10

// Collect reads the chunks of an upload stream after its header: recv
// returns the next chunk and io.EOF after the last. Reading stops as soon
// as more than maxBytes have arrived (errs.ErrTooLarge), so a client
// cannot make a service hold more than the limit.
func Collect(recv func() ([]byte, error), maxBytes int) ([]byte, error) {
	var data []byte
	for {
		chunk, err := recv()
		if errors.Is(err, io.EOF) {
			return data, nil
		}
		if err != nil {
			return nil, err
		}
		if len(data)+len(chunk) > maxBytes {
			return nil, errs.New(errs.ErrTooLarge, "The file is larger than the limit of %d bytes", maxBytes)
		}
		data = append(data, chunk...)
	}
}

// Message is one message of an upload stream: its header or a chunk.
type Message[H comparable] interface {
	GetHeader() H
	GetChunk() []byte
}

// Receive reads an upload stream: the header first, which check sees
// before any chunk is read (permissions: a refused caller never sends the
// file), then the chunks, at most maxBytes in all (maxBytes may depend on
// the header). A stream without a header first, or with a second one, is
// errs.ErrBadRequest.
func Receive[M Message[H], H comparable](recv func() (M, error), check func(H) (maxBytes int, err error)) (H, []byte, error) {
	var zero H
	first, err := recv()
	if errors.Is(err, io.EOF) {
		return zero, nil, errs.New(errs.ErrBadRequest, "The upload is empty")
	}
	if err != nil {
		return zero, nil, err
	}
	h := first.GetHeader()
	if h == zero {
		return zero, nil, errs.New(errs.ErrBadRequest, "An upload starts with its header")
	}
	maxBytes, err := check(h)
	if err != nil {
		return zero, nil, err
	}
	data, err := Collect(func() ([]byte, error) {
		m, err := recv()
		if err != nil {
			return nil, err
		}
		if m.GetHeader() != zero {
			return nil, errs.New(errs.ErrBadRequest, "An upload has one header")
		}
		return m.GetChunk(), nil
	}, maxBytes)
	return h, data, err
}

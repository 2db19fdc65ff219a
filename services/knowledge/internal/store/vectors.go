package store

import (
	"encoding/binary"
	"fmt"
	"math"
)

// encodeVector stores v as little-endian float32 (MONGO_SUBSET: arrays of
// doubles are 3.8× larger and slow to write).
func encodeVector(v []float32) []byte {
	if len(v) == 0 {
		return nil
	}
	b := make([]byte, 4*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(x))
	}
	return b
}

func decodeVector(b []byte, dims int) ([]float32, error) {
	if len(b) == 0 {
		return nil, nil
	}
	if len(b)%4 != 0 || (dims > 0 && len(b) != 4*dims) {
		return nil, fmt.Errorf("vector of %d bytes does not hold %d float32", len(b), dims)
	}
	v := make([]float32, len(b)/4)
	for i := range v {
		v[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return v, nil
}

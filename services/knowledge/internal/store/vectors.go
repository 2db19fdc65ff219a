package store

import (
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// encodeVector stores v as a BSON vector (binary subtype 9, dtype
// float32): little-endian float32 after a two-byte header — compact
// (MONGO_SUBSET: arrays of doubles are 3.8× larger and slow to write) and
// the form MongoDB Atlas Vector Search indexes directly.
func encodeVector(v []float32) *bson.Binary {
	if len(v) == 0 {
		return nil
	}
	b := bson.NewVector(v).Binary()
	return &b
}

func decodeVector(b *bson.Binary, dims int) ([]float32, error) {
	if b == nil || len(b.Data) == 0 {
		return nil, nil
	}
	vec, err := bson.NewVectorFromBinary(*b)
	if err != nil {
		return nil, fmt.Errorf("stored vector: %w", err)
	}
	v, ok := vec.Float32OK()
	if !ok || (dims > 0 && len(v) != dims) {
		return nil, fmt.Errorf("stored vector is not %d float32 values", dims)
	}
	return v, nil
}

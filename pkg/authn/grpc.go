package authn

import (
	"context"
	"crypto/ed25519"
	"fmt"

	authv1 "github.com/copydesk/copydesk/gen/copydesk/auth/v1"
)

// FetchFrom is the Fetch of a process that reaches auth with client.
func FetchFrom(client authv1.AuthServiceClient) Fetch {
	return func(ctx context.Context) ([]PublicKey, error) {
		resp, err := client.GetKeys(ctx, &authv1.GetKeysRequest{})
		if err != nil {
			return nil, fmt.Errorf("auth GetKeys: %w", err)
		}
		keys := make([]PublicKey, 0, len(resp.GetKeys()))
		for _, k := range resp.GetKeys() {
			pub := ed25519.PublicKey(k.GetEd25519())
			if len(pub) != ed25519.PublicKeySize || KeyID(pub) != k.GetKid() {
				return nil, fmt.Errorf("auth GetKeys: key %q is malformed", k.GetKid())
			}
			keys = append(keys, PublicKey{ID: k.GetKid(), Key: pub})
		}
		return keys, nil
	}
}

// KeysResponse is auth's GetKeys answer for keys.
func KeysResponse(keys []PublicKey) *authv1.GetKeysResponse {
	resp := &authv1.GetKeysResponse{}
	for _, k := range keys {
		resp.Keys = append(resp.Keys, &authv1.PublicKey{Kid: k.ID, Ed25519: k.Key})
	}
	return resp
}

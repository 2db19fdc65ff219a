package blobstore

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
)

// S3Config configures the S3 backend.
type S3Config struct {
	Bucket string
	// Endpoint overrides the service endpoint (path-style addressing).
	Endpoint string
}

// S3 is the Amazon S3 backend.
type S3 struct {
	client  *s3.Client
	presign *s3.PresignClient
	bucket  string
}

var _ Store = (*S3)(nil)

// NewS3 builds the client from aws-sdk-go-v2's default chain (environment,
// shared config and credentials files, web identity, ECS and EC2 roles)
// and region; it sends nothing until the first call.
func NewS3(ctx context.Context, c S3Config) (*S3, error) {
	cfg, err := awsconfig.LoadDefaultConfig(ctx)
	if err != nil {
		return nil, fmt.Errorf("blobstore: aws config: %w", err)
	}
	if cfg.Region == "" {
		return nil, errors.New("blobstore: no AWS region configured (AWS_REGION)")
	}
	return NewS3FromConfig(cfg, c), nil
}

// NewS3FromConfig is NewS3 with an aws.Config the caller built (tests
// with static credentials).
func NewS3FromConfig(cfg aws.Config, c S3Config) *S3 {
	client := s3.NewFromConfig(cfg, func(o *s3.Options) {
		if c.Endpoint != "" {
			o.BaseEndpoint = aws.String(c.Endpoint)
			o.UsePathStyle = true
		}
	})
	return &S3{client: client, presign: s3.NewPresignClient(client), bucket: c.Bucket}
}

// Put uploads body in one PutObject (bodies are bounded by the services'
// upload limits, far below S3's 5 GiB for a single PUT).
func (s *S3) Put(ctx context.Context, key string, body []byte, contentType string) error {
	if err := checkKey(key); err != nil {
		return err
	}
	_, err := s.client.PutObject(ctx, &s3.PutObjectInput{
		Bucket: aws.String(s.bucket), Key: aws.String(key), Body: bytes.NewReader(body),
		ContentLength: aws.Int64(int64(len(body))), ContentType: aws.String(contentType),
		ServerSideEncryption: types.ServerSideEncryptionAes256,
	})
	if err != nil {
		return fmt.Errorf("s3 put %s: %w", key, err)
	}
	return nil
}

// Get downloads a blob.
func (s *S3) Get(ctx context.Context, key string) ([]byte, error) {
	if err := checkKey(key); err != nil {
		return nil, err
	}
	out, err := s.client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(s.bucket), Key: aws.String(key)})
	if err != nil {
		var nsk *types.NoSuchKey
		var api smithy.APIError
		if errors.As(err, &nsk) || (errors.As(err, &api) && api.ErrorCode() == "NotFound") {
			return nil, notFound(key)
		}
		return nil, fmt.Errorf("s3 get %s: %w", key, err)
	}
	defer out.Body.Close()
	b, err := io.ReadAll(out.Body)
	if err != nil {
		return nil, fmt.Errorf("s3 get %s: %w", key, err)
	}
	return b, nil
}

// Delete removes a blob (S3 answers success for a missing key too).
func (s *S3) Delete(ctx context.Context, key string) error {
	if err := checkKey(key); err != nil {
		return err
	}
	if _, err := s.client.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(s.bucket), Key: aws.String(key)}); err != nil {
		return fmt.Errorf("s3 delete %s: %w", key, err)
	}
	return nil
}

// Link presigns a GetObject that answers with the download's content type
// and an attachment disposition (the S3 response-* overrides are part of
// the signature, so a holder cannot change them).
func (s *S3) Link(ctx context.Context, key string, d Download) (Link, error) {
	if err := checkKey(key); err != nil {
		return Link{}, err
	}
	ttl := d.ttl()
	req, err := s.presign.PresignGetObject(ctx, &s3.GetObjectInput{
		Bucket: aws.String(s.bucket), Key: aws.String(key),
		ResponseContentType:        aws.String(d.ContentType),
		ResponseContentDisposition: aws.String(ContentDisposition(d.Filename)),
	}, s3.WithPresignExpires(ttl))
	if err != nil {
		return Link{}, fmt.Errorf("s3 presign %s: %w", key, err)
	}
	return Link{URL: req.URL, ExpiresAt: time.Now().Add(ttl).UTC()}, nil
}

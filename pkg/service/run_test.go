package service

import (
	"context"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"

	"github.com/copydesk/copydesk/pkg/config"
	"github.com/copydesk/copydesk/pkg/mongotest"
	"github.com/copydesk/copydesk/pkg/mongox"
	"github.com/copydesk/copydesk/pkg/mtls"
)

const testName = "copydesk.test.v1.TestService"

type testConfig struct{ Common }

func loadTestConfig(r *config.Reader) (testConfig, error) {
	c := testConfig{ReadCommon(r, "127.0.0.1:0", "copydesk_test")}
	return c, r.Err()
}

// testProcess runs against a fresh database on the test server.
func testProcess(t *testing.T, env map[string]string) (Process, *mongo.Database) {
	t.Helper()
	db := mongotest.DB(t)
	vars := map[string]string{"MONGO_URI": os.Getenv(mongotest.EnvURI), "MONGO_DB": db.Name()}
	for k, v := range env {
		vars[k] = v
	}
	return Process{Environ: config.FromMap(vars), Stdout: io.Discard, Stderr: io.Discard}, db
}

// shutdownWitness is a job and a cleanup that write to the database when
// they stop, so the test can see that both ran, in that order, while Mongo
// was still open.
func shutdownWitness(env *Env) {
	events := env.DB.Collection("events")
	record := func(name string) error {
		_, err := events.InsertOne(context.Background(), bson.M{"_id": name, "at": time.Now()})
		return err
	}
	env.Go(func(ctx context.Context) {
		<-ctx.Done()
		if err := record("job stopped"); err != nil {
			env.Log.Error("job could not record", "error", err.Error())
		}
	})
	env.Cleanup(func() {
		if n, _ := events.CountDocuments(context.Background(), bson.M{"_id": "job stopped"}); n != 1 {
			return // the cleanup ran before the job stopped
		}
		_ = record("cleanup ran")
	})
}

func witnessed(t *testing.T, db *mongo.Database) {
	t.Helper()
	var got []string
	cur, err := db.Collection("events").Find(context.Background(), bson.M{})
	if err != nil {
		t.Fatal(err)
	}
	var docs []bson.M
	if err := cur.All(context.Background(), &docs); err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		got = append(got, d["_id"].(string))
	}
	if strings.Join(got, ",") != "job stopped,cleanup ran" {
		t.Fatalf("shutdown events = %v, want the job to stop, then the cleanup to run, while Mongo is open", got)
	}
}

func testSpec(wire func(context.Context, *Env, testConfig) error) Spec[testConfig] {
	return Spec[testConfig]{Name: testName, Load: loadTestConfig, Wire: wire,
		Migrations: []mongox.Migration{{Version: 1, Description: "events", Up: func(ctx context.Context, db *mongo.Database) error {
			return db.CreateCollection(ctx, "events")
		}}}}
}

// When the server cannot start (its port is taken), Run stops the jobs,
// waits for them, runs the cleanups and returns the error on its own.
func TestRunReturnsWhenServeFails(t *testing.T) {
	t.Parallel()
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	p, db := testProcess(t, map[string]string{"GRPC_ADDR": taken.Addr().String()})
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second) // a guard, not a measure
	defer cancel()
	err = Run(ctx, testSpec(func(_ context.Context, env *Env, _ testConfig) error {
		shutdownWitness(env)
		return nil
	}), p)
	if ctx.Err() != nil {
		t.Fatal("Run did not return on its own")
	}
	if err == nil || !strings.Contains(err.Error(), "address already in use") {
		t.Fatalf("Run = %v, want the listen error", err)
	}
	witnessed(t, db)
}

// On shutdown the server turns NOT_SERVING (a watcher sees it), the jobs
// stop, the cleanups run, and Run returns nil.
func TestRunShutsDownInOrder(t *testing.T) {
	t.Parallel()
	p, db := testProcess(t, nil)
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p.Listener = lis
	ctx, stop := context.WithCancel(t.Context())
	defer stop()
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, testSpec(func(_ context.Context, env *Env, _ testConfig) error {
			shutdownWitness(env)
			return nil
		}), p)
	}()

	conn, err := grpc.NewClient(lis.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	wctx, cancelWatch := context.WithCancel(t.Context())
	defer cancelWatch()
	watch, err := healthpb.NewHealthClient(conn).Watch(wctx, &healthpb.HealthCheckRequest{Service: testName}, grpc.WaitForReady(true))
	if err != nil {
		t.Fatal(err)
	}
	if r, err := watch.Recv(); err != nil || r.GetStatus() != healthpb.HealthCheckResponse_SERVING {
		t.Fatalf("health = %v %v, want SERVING", r, err)
	}
	stop() // as SIGTERM does through Main's signal.NotifyContext
	if r, err := watch.Recv(); err != nil || r.GetStatus() != healthpb.HealthCheckResponse_NOT_SERVING {
		t.Fatalf("health = %v %v, want NOT_SERVING", r, err)
	}
	cancelWatch() // let the drain finish
	if err := <-done; err != nil {
		t.Fatalf("Run = %v, want nil after a shutdown", err)
	}
	witnessed(t, db)
}

// A bad setting or a failing Wire stops the start with the error.
func TestRunStartFailures(t *testing.T) {
	t.Parallel()
	err := Run(t.Context(), testSpec(nil), Process{Environ: config.FromMap(nil), Stderr: io.Discard})
	if err == nil || !strings.Contains(err.Error(), "MONGO_URI is required") {
		t.Fatalf("no settings: %v", err)
	}
	tlsDir := t.TempDir()
	if err := mtls.WriteDev(tlsDir, []string{"users"}, nil); err != nil {
		t.Fatal(err)
	}
	p, _ := testProcess(t, map[string]string{"TLS_DIR": filepath.Join(tlsDir, "users")})
	if err := Run(t.Context(), testSpec(nil), p); err == nil || !strings.Contains(err.Error(), `names "users"`) {
		t.Fatalf("another process's certificate: %v", err)
	}
	bad := testSpec(nil)
	bad.Name = "tickets"
	if err := Run(t.Context(), bad, Process{}); err == nil || !strings.Contains(err.Error(), "copydesk.<service>.v1") {
		t.Fatalf("bad name: %v", err)
	}
	p, _ = testProcess(t, nil)
	boom := errors.New("boom")
	cleaned := false
	err = Run(t.Context(), testSpec(func(_ context.Context, env *Env, _ testConfig) error {
		env.Cleanup(func() { cleaned = true })
		return boom
	}), p)
	if !errors.Is(err, boom) || !cleaned {
		t.Fatalf("failing Wire: %v, cleanup ran %v", err, cleaned)
	}
}

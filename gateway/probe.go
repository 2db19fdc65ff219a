package main

import (
	"cmp"
	"fmt"
	"net/http"
	"os"
	"time"
)

// healthcheck is `gateway -healthcheck`: the compose healthcheck of an
// image with no shell or curl. It asks this container's own /readyz (on
// PORT, default 8080) and returns an error unless it answers 200.
func healthcheck() error {
	url := "http://127.0.0.1:" + cmp.Or(os.Getenv("PORT"), "8080") + "/readyz"
	c := &http.Client{Timeout: 3 * time.Second}
	resp, err := c.Get(url)
	if err != nil {
		return err
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s answered %d", url, resp.StatusCode)
	}
	return nil
}

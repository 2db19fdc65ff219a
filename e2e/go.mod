module github.com/copydesk/copydesk/e2e

go 1.26.0

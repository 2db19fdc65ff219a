module github.com/copydesk/copydesk/gateway

go 1.26.0

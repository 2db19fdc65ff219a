module github.com/copydesk/copydesk/services/knowledge

go 1.26.0

replace github.com/copydesk/copydesk/pkg => ../../pkg

require (
	github.com/copydesk/copydesk/pkg v0.0.0
	github.com/yuin/goldmark v1.8.7
	golang.org/x/net v0.61.0
)

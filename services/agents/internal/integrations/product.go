package integrations

import (
	"fmt"
	"html"
	"strconv"
	"strings"
)

// ProductTag is the knowledge tag of every synced product.
const ProductTag = "shopify"

// ProductRef is the knowledge source ref of a product: re-ingesting it
// replaces the document.
func ProductRef(shop string, id int64) string {
	return "shopify/" + shop + "/products/" + strconv.FormatInt(id, 10)
}

// productDocument renders a product as an HTML document: title, vendor,
// type, tags, the description HTML, the variants with their prices, and
// the storefront link.
func productDocument(shop string, p Product) Document {
	e := html.EscapeString
	var b strings.Builder
	fmt.Fprintf(&b, "<h1>%s</h1>\n", e(p.Title))
	for _, f := range [][2]string{{"Vendor", p.Vendor}, {"Type", p.ProductType}, {"Tags", p.Tags}} {
		if strings.TrimSpace(f[1]) != "" {
			fmt.Fprintf(&b, "<p>%s: %s</p>\n", f[0], e(f[1]))
		}
	}
	if strings.TrimSpace(p.BodyHTML) != "" {
		b.WriteString(p.BodyHTML)
		b.WriteString("\n")
	}
	if len(p.Variants) > 0 {
		b.WriteString("<h2>Variants</h2>\n<ul>\n")
		for _, v := range p.Variants {
			fmt.Fprintf(&b, "<li>%s — %s", e(v.Title), e(v.Price))
			if v.SKU != "" {
				fmt.Fprintf(&b, " (SKU %s)", e(v.SKU))
			}
			b.WriteString("</li>\n")
		}
		b.WriteString("</ul>\n")
	}
	link := ""
	if p.Handle != "" {
		link = "https://" + shop + "/products/" + p.Handle
		fmt.Fprintf(&b, "<p>Link: %s</p>\n", e(link))
	}
	title := p.Title
	if strings.TrimSpace(title) == "" {
		title = "Product " + strconv.FormatInt(p.ID, 10)
	}
	if r := []rune(title); len(r) > 300 {
		title = string(r[:300])
	}
	return Document{Title: title, Content: b.String(), Ref: ProductRef(shop, p.ID), URL: link, Tags: []string{ProductTag}}
}

[ http://example.org/foo?a=b&c=d mailto:someone@example.org urn:isbn:0451450523 ]

package trust

import (
	"errors"
	"fmt"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/google/go-containerregistry/pkg/name"
)

// dockerHub is the normalised name of Docker Hub.
const dockerHub = name.DefaultRegistry // "index.docker.io"

// dockerHubAliases are host names that all mean Docker Hub.
var dockerHubAliases = map[string]bool{
	"docker.io":               true,
	"index.docker.io":         true,
	"registry-1.docker.io":    true,
	"registry.hub.docker.com": true,
}

// maxRefLen bounds image references and patterns. Real references are far
// shorter (a repository name is at most 255 bytes).
const maxRefLen = 1024

// Image is a normalised image reference.
type Image struct {
	// Registry is the lower-case registry host, index.docker.io for Docker Hub.
	Registry string
	// Repository is the repository path, with "library/" for Docker Hub
	// official images.
	Repository string
	// Tag is the tag; "latest" when the reference has neither tag nor digest,
	// empty when it has only a digest.
	Tag string
	// Digest is the digest of the reference ("sha256:..."), if any.
	Digest string
}

// Name is registry/repository.
func (i Image) Name() string { return i.Registry + "/" + i.Repository }

// String is the normalised reference: registry/repository[:tag][@digest].
func (i Image) String() string {
	s := i.Name()
	if i.Tag != "" {
		s += ":" + i.Tag
	}
	if i.Digest != "" {
		s += "@" + i.Digest
	}
	return s
}

func normRegistry(r string) string {
	r = strings.ToLower(r)
	if dockerHubAliases[r] {
		return dockerHub
	}
	return r
}

// ParseImage normalises an image reference as Docker and Kubernetes do:
// "nginx" is index.docker.io/library/nginx:latest.
func ParseImage(ref string) (Image, error) {
	s := strings.TrimSpace(ref)
	if s == "" {
		return Image{}, errors.New("empty image reference")
	}
	if len(s) > maxRefLen {
		return Image{}, fmt.Errorf("image reference longer than %d bytes", maxRefLen)
	}
	if strings.Contains(s, "://") {
		return Image{}, fmt.Errorf("image %q: must not contain a URL scheme", ref)
	}
	if strings.Contains(s, "//") {
		return Image{}, fmt.Errorf("image %q: empty path segment", ref)
	}
	var img Image
	base := s
	if i := strings.IndexByte(s, '@'); i >= 0 {
		base, img.Digest = s[:i], s[i+1:]
		if !validDigest(img.Digest) {
			return Image{}, fmt.Errorf("image %q: invalid digest %q", ref, img.Digest)
		}
	}
	explicitTag := hasTag(base)
	t, err := name.NewTag(base)
	if err != nil {
		return Image{}, fmt.Errorf("image %q: %v", ref, unwrapName(err))
	}
	img.Registry = normRegistry(t.RegistryStr())
	img.Repository = t.RepositoryStr()
	if img.Registry == dockerHub && !strings.Contains(img.Repository, "/") {
		img.Repository = "library/" + img.Repository
	}
	if explicitTag || img.Digest == "" {
		img.Tag = t.TagStr()
	}
	return img, nil
}

// hasTag reports whether a reference without digest has an explicit tag: a
// colon after the last slash.
func hasTag(s string) bool {
	return strings.LastIndexByte(s, ':') > strings.LastIndexByte(s, '/')
}

func unwrapName(err error) string {
	// go-containerregistry errors are already descriptive; keep them on one line.
	return strings.ReplaceAll(err.Error(), "\n", " ")
}

// validDigest reports whether d is a well-formed digest such as
// "sha256:<64 hex>" (checked by go-containerregistry / go-digest).
func validDigest(d string) bool {
	if d == "" || strings.ContainsAny(d, "@/ ") {
		return false
	}
	_, err := name.NewDigest("example.com/x@" + d)
	return err == nil
}

// ParseImageID returns the digest of a container status imageID:
// "docker-pullable://repo@sha256:...", "repo@sha256:..." and "sha256:..."
// all give "sha256:...". It returns "" when id holds no valid digest. Note
// that dockershim's "docker://sha256:..." is the image configuration ID, not
// a manifest digest; it is returned but will rarely match a digest pattern.
func ParseImageID(id string) string {
	s := strings.TrimSpace(id)
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
	}
	if i := strings.LastIndexByte(s, '@'); i >= 0 {
		s = s[i+1:]
	}
	if !validDigest(s) {
		return ""
	}
	return s
}

// pattern is a compiled image pattern.
type pattern struct {
	raw string
	// universal is true for "**", which matches every image.
	universal bool
	repo      string // glob over normalised registry/repository
	tag       string // glob over the tag; "" = any
	digest    string // exact digest; "" = none
}

const globMeta = `*?[]{},!^\`

func checkChars(s, extra string) (rune, bool) {
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
		case strings.ContainsRune(extra, r), strings.ContainsRune(globMeta, r):
		default:
			return r, false
		}
	}
	return 0, true
}

// parsePattern compiles an image pattern; the error does not repeat the
// pattern, which the caller names.
func parsePattern(raw string) (pattern, error) {
	p := pattern{raw: raw}
	s := raw
	if s == "" {
		return p, errors.New("empty pattern")
	}
	if len(s) > maxRefLen {
		return p, fmt.Errorf("longer than %d bytes", maxRefLen)
	}
	if strings.Contains(s, "://") {
		return p, errors.New("must not contain a URL scheme")
	}
	if i := strings.IndexByte(s, '@'); i >= 0 {
		p.digest = s[i+1:]
		s = s[:i]
		if !validDigest(p.digest) {
			return p, fmt.Errorf("invalid digest %q (want algorithm:hex, e.g. sha256:<64 hex digits>)", p.digest)
		}
	}
	if hasTag(s) {
		i := strings.LastIndexByte(s, ':')
		p.tag = s[i+1:]
		s = s[:i]
		if p.tag == "" {
			return p, errors.New("empty tag after ':'")
		}
		if r, ok := checkChars(strings.ToLower(p.tag), "_.-"); !ok {
			return p, fmt.Errorf("invalid character %q in tag", r)
		}
		if !doublestar.ValidatePattern(p.tag) {
			return p, fmt.Errorf("invalid glob in tag %q", p.tag)
		}
	}
	if s == "" {
		return p, errors.New("empty repository")
	}
	segs := strings.Split(s, "/")
	for _, seg := range segs {
		if seg == "" {
			return p, errors.New("empty path segment")
		}
	}
	var registry string
	if len(segs) > 1 && (strings.ContainsAny(segs[0], ".:") || segs[0] == "localhost" || segs[0] == "*" || segs[0] == "**") {
		registry = normRegistry(segs[0])
		segs = segs[1:]
		if r, ok := checkChars(registry, ".:-_"); !ok {
			return p, fmt.Errorf("invalid character %q in registry", r)
		}
	} else if len(segs) == 1 && (strings.ContainsRune(segs[0], '.') || segs[0] == "localhost") {
		return p, fmt.Errorf("names only a registry host; write %q to trust every repository in it", segs[0]+"/**")
	}
	repo := strings.Join(segs, "/")
	for _, r := range repo {
		if r >= 'A' && r <= 'Z' {
			return p, errors.New("repository must be lower case")
		}
	}
	if r, ok := checkChars(repo, "._-/"); !ok {
		return p, fmt.Errorf("invalid character %q in repository", r)
	}
	switch {
	case registry == "" && repo == "**":
		p.repo = "**"
		p.universal = p.tag == "" && p.digest == ""
	case registry == "":
		if !strings.Contains(repo, "/") {
			repo = "library/" + repo
		}
		p.repo = dockerHub + "/" + repo
	default:
		if registry == dockerHub && !strings.Contains(repo, "/") && !strings.Contains(repo, "**") {
			repo = "library/" + repo
		}
		p.repo = registry + "/" + repo
	}
	if !doublestar.ValidatePattern(p.repo) {
		return p, errors.New("invalid glob")
	}
	return p, nil
}

// match reports whether img, whose running digest (if known) is running,
// matches the pattern.
func (p pattern) match(img Image, running string) bool {
	if !doublestar.MatchUnvalidated(p.repo, img.Name()) {
		return false
	}
	if p.digest != "" {
		return p.digest == img.Digest || (running != "" && p.digest == running)
	}
	if p.tag != "" {
		return img.Tag != "" && doublestar.MatchUnvalidated(p.tag, img.Tag)
	}
	return true
}

// escapeGlob quotes glob characters of a literal so it can be part of a pattern.
func escapeGlob(s string) string {
	var sb strings.Builder
	for _, r := range s {
		if strings.ContainsRune(globMeta, r) {
			sb.WriteByte('\\')
		}
		sb.WriteRune(r)
	}
	return sb.String()
}

package packaging

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io"
)

// Resize scales img to size×size by area averaging in premultiplied
// alpha, which keeps edges clean when a large icon is shrunk by a
// non-integer factor (512 → 48). Non-square images are stretched.
func Resize(img image.Image, size int) *image.NRGBA {
	b := img.Bounds()
	sw, sh := b.Dx(), b.Dy()
	dst := image.NewNRGBA(image.Rect(0, 0, size, size))
	if sw == 0 || sh == 0 || size <= 0 {
		return dst
	}
	// Premultiplied source as float planes, read once.
	src := make([][4]float64, sw*sh)
	for y := 0; y < sh; y++ {
		for x := 0; x < sw; x++ {
			r, g, bl, a := img.At(b.Min.X+x, b.Min.Y+y).RGBA() // already premultiplied
			src[y*sw+x] = [4]float64{float64(r), float64(g), float64(bl), float64(a)}
		}
	}
	fx := float64(sw) / float64(size)
	fy := float64(sh) / float64(size)
	for dy := 0; dy < size; dy++ {
		y0, y1 := float64(dy)*fy, float64(dy+1)*fy
		for dx := 0; dx < size; dx++ {
			x0, x1 := float64(dx)*fx, float64(dx+1)*fx
			var acc [4]float64
			var area float64
			for sy := int(y0); sy < sh && float64(sy) < y1; sy++ {
				wy := overlap(y0, y1, sy)
				for sx := int(x0); sx < sw && float64(sx) < x1; sx++ {
					w := wy * overlap(x0, x1, sx)
					p := src[sy*sw+sx]
					for i := range acc {
						acc[i] += p[i] * w
					}
					area += w
				}
			}
			if area == 0 {
				continue
			}
			a := acc[3] / area
			i := dst.PixOffset(dx, dy)
			if a <= 0 {
				continue // fully transparent: NRGBA zero value
			}
			for c := 0; c < 3; c++ {
				dst.Pix[i+c] = to8(acc[c] / area * 0xffff / a)
			}
			dst.Pix[i+3] = to8(a)
		}
	}
	return dst
}

// overlap is how much of source cell [s, s+1) lies inside [a, b).
func overlap(a, b float64, s int) float64 {
	lo, hi := max(a, float64(s)), min(b, float64(s+1))
	if hi <= lo {
		return 0
	}
	return hi - lo
}

// to8 rounds a 16-bit channel value to 8 bits.
func to8(v float64) uint8 {
	v = v/257 + 0.5
	switch {
	case v <= 0:
		return 0
	case v >= 255:
		return 255
	}
	return uint8(v)
}

// ErrIconSize reports a size an .ico file cannot hold.
var ErrIconSize = errors.New("icon size must be between 1 and 256")

// WriteICO writes a Windows icon holding img at each of sizes. 256 is
// stored as PNG (as Windows itself does); smaller sizes as 32-bit DIBs,
// which every part of Windows reads, down to the taskbar's 16×16.
func WriteICO(w io.Writer, img image.Image, sizes []int) error {
	images := make([][]byte, len(sizes))
	for i, s := range sizes {
		if s < 1 || s > 256 {
			return fmt.Errorf("write icon at %d: %w", s, ErrIconSize)
		}
		small := Resize(img, s)
		if s == 256 {
			var buf bytes.Buffer
			if err := png.Encode(&buf, small); err != nil {
				return fmt.Errorf("encode %d×%d png: %w", s, s, err)
			}
			images[i] = buf.Bytes()
		} else {
			images[i] = dib(small)
		}
	}
	var out bytes.Buffer
	le := binary.LittleEndian
	hdr := make([]byte, 6)
	le.PutUint16(hdr[2:], 1) // type: icon
	le.PutUint16(hdr[4:], uint16(len(sizes)))
	out.Write(hdr)
	offset := 6 + 16*len(sizes)
	for i, s := range sizes {
		e := make([]byte, 16)
		e[0], e[1] = uint8(s%256), uint8(s%256) // 0 means 256
		le.PutUint16(e[4:], 1)                  // planes
		le.PutUint16(e[6:], 32)                 // bits per pixel
		le.PutUint32(e[8:], uint32(len(images[i])))
		le.PutUint32(e[12:], uint32(offset))
		out.Write(e)
		offset += len(images[i])
	}
	for _, b := range images {
		out.Write(b)
	}
	_, err := w.Write(out.Bytes())
	return err
}

// dib encodes a square NRGBA image as an icon DIB: a BITMAPINFOHEADER
// with doubled height, bottom-up BGRA rows, then a 1-bit AND mask that is
// all zero because the alpha channel already says what is transparent.
func dib(img *image.NRGBA) []byte {
	n := img.Rect.Dx()
	maskStride := ((n + 31) / 32) * 4
	buf := make([]byte, 40+n*n*4+maskStride*n)
	le := binary.LittleEndian
	le.PutUint32(buf[0:], 40)
	le.PutUint32(buf[4:], uint32(n))
	le.PutUint32(buf[8:], uint32(2*n))
	le.PutUint16(buf[12:], 1)  // planes
	le.PutUint16(buf[14:], 32) // bits per pixel
	le.PutUint32(buf[20:], uint32(n*n*4+maskStride*n))
	p := 40
	for y := n - 1; y >= 0; y-- {
		for x := 0; x < n; x++ {
			i := img.PixOffset(x, y)
			buf[p], buf[p+1], buf[p+2], buf[p+3] = img.Pix[i+2], img.Pix[i+1], img.Pix[i], img.Pix[i+3]
			p += 4
		}
	}
	return buf
}

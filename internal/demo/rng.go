package demo

// rng is a splitmix64 generator. It is written here rather than taken from
// math/rand so that the output stays byte-identical across Go releases.
type rng struct{ s uint64 }

// mix derives an independent stream from a seed and two stream numbers.
func mix(seed int64, stream, n uint64) rng {
	r := rng{uint64(seed) ^ stream*0x9e3779b97f4a7c15 ^ n*0xd1b54a32d192ed03}
	r.next()
	return r
}

func (r *rng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// intn returns a number in [0, n).
func (r *rng) intn(n int) int {
	if n <= 1 {
		return 0
	}
	return int((r.next() >> 1) % uint64(n))
}

// between returns a number in [a, b].
func (r *rng) between(a, b int) int {
	if b <= a {
		return a
	}
	return a + r.intn(b-a+1)
}

// float returns a number in [0, 1).
func (r *rng) float() float64 { return float64(r.next()>>11) / (1 << 53) }

// chance reports true with probability p.
func (r *rng) chance(p float64) bool { return r.float() < p }

// weighted returns an index into w, chosen with probability proportional to
// its weight.
func (r *rng) weighted(w []int) int {
	total := 0
	for _, x := range w {
		total += x
	}
	n := r.intn(total)
	for i, x := range w {
		if n < x {
			return i
		}
		n -= x
	}
	return len(w) - 1
}

// pick returns a random element of s.
func pick[T any](r *rng, s []T) T { return s[r.intn(len(s))] }

package store

// ScanPages calls fn for every item that page reads, a page of size at
// a time: page(nil) reads the first page, page(&last) the one after the
// last item seen. A page is read whole, and its query done, before fn
// sees its items, so that fn may use the store (writes included); a
// short page is the last. An error from page or fn stops the scan.
func ScanPages[T any](size int, page func(after *T) ([]T, error), fn func(T) error) error {
	var after *T
	for {
		items, err := page(after)
		if err != nil {
			return err
		}
		for _, it := range items {
			if err := fn(it); err != nil {
				return err
			}
		}
		if len(items) < size {
			return nil
		}
		after = &items[len(items)-1]
	}
}

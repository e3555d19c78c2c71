package interchange

import "xinqing/internal/casework"

// Reader is what an export needs from the store.
type Reader interface {
	// Settings returns the vault's settings.
	Settings() (casework.Settings, error)
	// List returns every record of kind, in any order.
	List(kind casework.Kind) ([]casework.Record, error)
}

// Store is what an import needs from the store.
type Store interface {
	Reader
	// Count returns the number of records of kind.
	Count(kind casework.Kind) (int, error)
	// Exists reports whether a record of kind with id exists.
	Exists(kind casework.Kind, id string) (bool, error)
	// Write runs f in one transaction: if f returns an error, nothing f
	// wrote is kept.
	Write(f func(w Writer) error) error
}

// Writer writes inside one store transaction.
type Writer interface {
	// PutSettings replaces the vault's settings.
	PutSettings(s casework.Settings) error
	// Put creates rec, or replaces the record of the same kind and id,
	// keeping rec's id, created_at and updated_at as they are.
	Put(rec casework.Record) error
}

// TxStore is a store whose transaction hands f its own concrete
// transaction type T (such as *store.Tx), which writes like a Writer.
type TxStore[T Writer] interface {
	Reader
	Count(kind casework.Kind) (int, error)
	Exists(kind casework.Kind, id string) (bool, error)
	Tx(f func(tx T) error) error
}

// Adapt makes a TxStore a Store: interchange.Adapt[*store.Tx](st).
func Adapt[T Writer](s TxStore[T]) Store { return adapted[T]{s} }

type adapted[T Writer] struct{ TxStore[T] }

func (a adapted[T]) Write(f func(w Writer) error) error {
	return a.Tx(func(tx T) error { return f(tx) })
}

//go:build amd64 && !purego

#include "textflag.h"

// func bytes(p unsafe.Pointer, n int)
TEXT ·bytes(SB), NOSPLIT, $0-16
	MOVQ p+0(FP), DI
	MOVQ n+8(FP), DX
	LEAQ -1(DI)(DX*1), R8 // the last byte
	PREFETCHT0 (R8)

bytesloop:
	PREFETCHT0 (DI)
	ADDQ $64, DI
	CMPQ DI, R8
	JLT  bytesloop
	RET

// func rows(base unsafe.Pointer, size int, idx []int32)
TEXT ·rows(SB), NOSPLIT, $0-40
	MOVQ base+0(FP), SI
	MOVQ size+8(FP), DX
	MOVQ idx_base+16(FP), BX
	MOVQ idx_len+24(FP), CX

rowsloop:
	MOVLQSX (BX), AX
	IMULQ   DX, AX
	LEAQ    (SI)(AX*1), DI    // the row's first byte
	LEAQ    -1(DI)(DX*1), R8  // its last byte
	PREFETCHT0 (R8)

linesloop:
	PREFETCHT0 (DI)
	ADDQ $64, DI
	CMPQ DI, R8
	JLT  linesloop
	ADDQ $4, BX
	DECQ CX
	JNZ  rowsloop
	RET

//go:build amd64 && !purego

#include "textflag.h"

// func cpuid(eax, ecx uint32) (a, b, c, d uint32)
TEXT ·cpuid(SB), NOSPLIT, $0-24
	MOVL eax+0(FP), AX
	MOVL ecx+4(FP), CX
	CPUID
	MOVL AX, a+8(FP)
	MOVL BX, b+12(FP)
	MOVL CX, c+16(FP)
	MOVL DX, d+20(FP)
	RET

// func xgetbv() (eax, edx uint32)
TEXT ·xgetbv(SB), NOSPLIT, $0-8
	MOVL $0, CX
	XGETBV
	MOVL AX, eax+0(FP)
	MOVL DX, edx+4(FP)
	RET

// HSUM leaves in the low lane of X<r> the sum of the eight lanes of Y<r>.
#define HSUM(Y, X) \
	VEXTRACTF128 $1, Y, X15 \
	VADDPS       X15, X, X  \
	VHADDPS      X, X, X    \
	VHADDPS      X, X, X

// FOUR_ROWS points R10, R11, R12 at the rows after DI's (R9 bytes a
// row), zeroes their sums Y0...Y3 and the index AX.
#define FOUR_ROWS \
	LEAQ   (DI)(R9*1), R10 \
	LEAQ   (R10)(R9*1), R11 \
	LEAQ   (R11)(R9*1), R12 \
	VXORPS Y0, Y0, Y0 \
	VXORPS Y1, Y1, Y1 \
	VXORPS Y2, Y2, Y2 \
	VXORPS Y3, Y3, Y3 \
	XORQ   AX, AX

// STORE_FOUR stores the four sums in the low lanes of X0...X3 at DX and
// moves DX, DI and the count CX past the four rows.
#define STORE_FOUR \
	VMOVSS X0, (DX) \
	VMOVSS X1, 4(DX) \
	VMOVSS X2, 8(DX) \
	VMOVSS X3, 12(DX) \
	ADDQ   $16, DX \
	LEAQ   (R12)(R9*1), DI \
	SUBQ   $4, CX

// func dotsAVX2(q, rows, out []float32, dim int)
//
// SI: q; DI: the current row; DX: out; CX: the rows left; BX: dim;
// R8: dim rounded down to a multiple of 8; R9: the row length in bytes.
TEXT ·dotsAVX2(SB), NOSPLIT, $0-80
	MOVQ q_base+0(FP), SI
	MOVQ rows_base+24(FP), DI
	MOVQ out_base+48(FP), DX
	MOVQ out_len+56(FP), CX
	MOVQ dim+72(FP), BX
	MOVQ BX, R8
	ANDQ $-8, R8
	MOVQ BX, R9
	SHLQ $2, R9

four:
	CMPQ CX, $4
	JL   one
	FOUR_ROWS

four_loop:
	CMPQ AX, R8
	JGE  four_tail_start
	VMOVUPS     (SI)(AX*4), Y4
	VFMADD231PS (DI)(AX*4), Y4, Y0
	VFMADD231PS (R10)(AX*4), Y4, Y1
	VFMADD231PS (R11)(AX*4), Y4, Y2
	VFMADD231PS (R12)(AX*4), Y4, Y3
	ADDQ        $8, AX
	JMP         four_loop

four_tail_start:
	HSUM(Y0, X0)
	HSUM(Y1, X1)
	HSUM(Y2, X2)
	HSUM(Y3, X3)

four_tail:
	CMPQ AX, BX
	JGE  four_store
	VMOVSS      (SI)(AX*4), X4
	VFMADD231SS (DI)(AX*4), X4, X0
	VFMADD231SS (R10)(AX*4), X4, X1
	VFMADD231SS (R11)(AX*4), X4, X2
	VFMADD231SS (R12)(AX*4), X4, X3
	INCQ        AX
	JMP         four_tail

four_store:
	STORE_FOUR
	JMP four

one:
	CMPQ CX, $0
	JE   done
	VXORPS Y0, Y0, Y0
	XORQ   AX, AX

one_loop:
	CMPQ AX, R8
	JGE  one_tail_start
	VMOVUPS     (SI)(AX*4), Y4
	VFMADD231PS (DI)(AX*4), Y4, Y0
	ADDQ        $8, AX
	JMP         one_loop

one_tail_start:
	HSUM(Y0, X0)

one_tail:
	CMPQ AX, BX
	JGE  one_store
	VMOVSS      (SI)(AX*4), X4
	VFMADD231SS (DI)(AX*4), X4, X0
	INCQ        AX
	JMP         one_tail

one_store:
	VMOVSS X0, (DX)
	ADDQ   $4, DX
	ADDQ   R9, DI
	DECQ   CX
	JMP    one

done:
	VZEROUPPER
	RET

// func dotsInt8AVX2(q []float32, rows []int8, out []float32, stride int)
//
// dotsAVX2 over rows of 8-bit integers, each converted to float32: SI:
// q; DI: the current row; DX: out; CX: the rows left; BX: stride (a
// multiple of 8), also the row length in bytes (R9).
TEXT ·dotsInt8AVX2(SB), NOSPLIT, $0-80
	MOVQ q_base+0(FP), SI
	MOVQ rows_base+24(FP), DI
	MOVQ out_base+48(FP), DX
	MOVQ out_len+56(FP), CX
	MOVQ stride+72(FP), BX
	MOVQ BX, R9

bfour:
	CMPQ CX, $4
	JL   bone
	FOUR_ROWS

bfour_loop:
	VMOVUPS     (SI)(AX*4), Y4
	VPMOVSXBD   (DI)(AX*1), Y5
	VPMOVSXBD   (R10)(AX*1), Y6
	VPMOVSXBD   (R11)(AX*1), Y7
	VPMOVSXBD   (R12)(AX*1), Y8
	VCVTDQ2PS   Y5, Y5
	VCVTDQ2PS   Y6, Y6
	VCVTDQ2PS   Y7, Y7
	VCVTDQ2PS   Y8, Y8
	VFMADD231PS Y5, Y4, Y0
	VFMADD231PS Y6, Y4, Y1
	VFMADD231PS Y7, Y4, Y2
	VFMADD231PS Y8, Y4, Y3
	ADDQ        $8, AX
	CMPQ        AX, BX
	JL          bfour_loop
	HSUM(Y0, X0)
	HSUM(Y1, X1)
	HSUM(Y2, X2)
	HSUM(Y3, X3)
	STORE_FOUR
	JMP bfour

bone:
	CMPQ CX, $0
	JE   bdone
	VXORPS Y0, Y0, Y0
	XORQ   AX, AX

bone_loop:
	VMOVUPS     (SI)(AX*4), Y4
	VPMOVSXBD   (DI)(AX*1), Y5
	VCVTDQ2PS   Y5, Y5
	VFMADD231PS Y5, Y4, Y0
	ADDQ        $8, AX
	CMPQ        AX, BX
	JL          bone_loop
	HSUM(Y0, X0)
	VMOVSS      X0, (DX)
	ADDQ        $4, DX
	ADDQ        R9, DI
	DECQ        CX
	JMP         bone

bdone:
	VZEROUPPER
	RET

//go:build amd64 && !purego

#include "textflag.h"

// The kernels below compute, in eight lanes, what Go's scalar float32
// code computes one value at a time: every product and every sum is
// rounded to float32 on its own (VMULPS then VADDPS, never a fused
// multiply-add), in the same order, so the results are the same to the
// bit.

// func axpy4AVX(v, u1, u2, u3, u4 []float32, w1, w2, w3, w4 float32)
// v[k] = v[k] + w1*u1[k] + w2*u2[k] + w3*u3[k] + w4*u4[k] for k below
// len(v), a multiple of 8; each u at least as long.
TEXT ·axpy4AVX(SB), NOSPLIT, $0-136
	MOVQ v_base+0(FP), DI
	MOVQ v_len+8(FP), CX
	MOVQ u1_base+24(FP), R8
	MOVQ u2_base+48(FP), R9
	MOVQ u3_base+72(FP), R10
	MOVQ u4_base+96(FP), R11
	VBROADCASTSS w1+120(FP), Y4
	VBROADCASTSS w2+124(FP), Y5
	VBROADCASTSS w3+128(FP), Y6
	VBROADCASTSS w4+132(FP), Y7
	SHRQ $3, CX
	XORQ AX, AX

axpyloop:
	TESTQ CX, CX
	JZ    axpydone
	VMOVUPS (DI)(AX*1), Y0
	VMULPS  (R8)(AX*1), Y4, Y1
	VADDPS  Y1, Y0, Y0
	VMULPS  (R9)(AX*1), Y5, Y1
	VADDPS  Y1, Y0, Y0
	VMULPS  (R10)(AX*1), Y6, Y1
	VADDPS  Y1, Y0, Y0
	VMULPS  (R11)(AX*1), Y7, Y1
	VADDPS  Y1, Y0, Y0
	VMOVUPS Y0, (DI)(AX*1)
	ADDQ    $32, AX
	DECQ    CX
	JMP     axpyloop

axpydone:
	VZEROUPPER
	RET

// func dotColsAVX(q, cols []float32, stride int, out []float32)
// out[r] = q[0]*c[0][r] + q[1]*c[1][r] + ... summed from 0 in that order,
// for r below len(out), a multiple of 8 and at most stride, where c[k]
// is cols[k*stride:]: the dot product of q with each of the rows that
// cols holds column by column.
TEXT ·dotColsAVX(SB), NOSPLIT, $0-80
	MOVQ q_base+0(FP), SI
	MOVQ q_len+8(FP), DX
	MOVQ cols_base+24(FP), BX
	MOVQ stride+48(FP), R8
	SHLQ $2, R8
	MOVQ out_base+56(FP), DI
	MOVQ out_len+64(FP), CX
	XORQ R9, R9

blocks4:
	CMPQ   CX, $32
	JLT    blocks1
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	MOVQ   BX, R10
	ADDQ   R9, R10
	XORQ   R11, R11

loop4:
	CMPQ         R11, DX
	JGE          store4
	VBROADCASTSS (SI)(R11*4), Y4
	VMULPS       (R10), Y4, Y5
	VADDPS       Y5, Y0, Y0
	VMULPS       32(R10), Y4, Y6
	VADDPS       Y6, Y1, Y1
	VMULPS       64(R10), Y4, Y7
	VADDPS       Y7, Y2, Y2
	VMULPS       96(R10), Y4, Y8
	VADDPS       Y8, Y3, Y3
	ADDQ         R8, R10
	INCQ         R11
	JMP          loop4

store4:
	VMOVUPS Y0, (DI)(R9*1)
	VMOVUPS Y1, 32(DI)(R9*1)
	VMOVUPS Y2, 64(DI)(R9*1)
	VMOVUPS Y3, 96(DI)(R9*1)
	ADDQ    $128, R9
	SUBQ    $32, CX
	JMP     blocks4

blocks1:
	CMPQ   CX, $8
	JLT    dotdone
	VXORPS Y0, Y0, Y0
	MOVQ   BX, R10
	ADDQ   R9, R10
	XORQ   R11, R11

loop1:
	CMPQ         R11, DX
	JGE          store1
	VBROADCASTSS (SI)(R11*4), Y4
	VMULPS       (R10), Y4, Y5
	VADDPS       Y5, Y0, Y0
	ADDQ         R8, R10
	INCQ         R11
	JMP          loop1

store1:
	VMOVUPS Y0, (DI)(R9*1)
	ADDQ    $32, R9
	SUBQ    $8, CX
	JMP     blocks1

dotdone:
	VZEROUPPER
	RET

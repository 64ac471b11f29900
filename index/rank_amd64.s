//go:build amd64 && !purego

#include "textflag.h"

// func countBelowAVX2(keys []int64, n int, ranks []int64)
//
// For each block of sixteen keys (Y0...Y3), the counts Y4...Y7 gain one
// in every lane whose key is above keys[j], for j from 0 to n-1.
TEXT ·countBelowAVX2(SB), NOSPLIT, $0-56
	MOVQ keys_base+0(FP), SI
	MOVQ keys_len+8(FP), R8
	MOVQ n+24(FP), R9
	MOVQ ranks_base+32(FP), DI
	XORQ BX, BX

block:
	CMPQ    BX, R8
	JGE     done
	VMOVDQU (SI)(BX*8), Y0
	VMOVDQU 32(SI)(BX*8), Y1
	VMOVDQU 64(SI)(BX*8), Y2
	VMOVDQU 96(SI)(BX*8), Y3
	VPXOR   Y4, Y4, Y4
	VPXOR   Y5, Y5, Y5
	VPXOR   Y6, Y6, Y6
	VPXOR   Y7, Y7, Y7
	XORQ    CX, CX

each:
	CMPQ         CX, R9
	JGE          store
	VPBROADCASTQ (SI)(CX*8), Y8
	VPCMPGTQ     Y8, Y0, Y9
	VPCMPGTQ     Y8, Y1, Y10
	VPCMPGTQ     Y8, Y2, Y11
	VPCMPGTQ     Y8, Y3, Y12
	VPSUBQ       Y9, Y4, Y4
	VPSUBQ       Y10, Y5, Y5
	VPSUBQ       Y11, Y6, Y6
	VPSUBQ       Y12, Y7, Y7
	INCQ         CX
	JMP          each

store:
	VMOVDQU Y4, (DI)(BX*8)
	VMOVDQU Y5, 32(DI)(BX*8)
	VMOVDQU Y6, 64(DI)(BX*8)
	VMOVDQU Y7, 96(DI)(BX*8)
	ADDQ    $16, BX
	JMP     block

done:
	VZEROUPPER
	RET

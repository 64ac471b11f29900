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

avx2Block:
	CMPQ    BX, R8
	JGE     avx2Done
	VMOVDQU (SI)(BX*8), Y0
	VMOVDQU 32(SI)(BX*8), Y1
	VMOVDQU 64(SI)(BX*8), Y2
	VMOVDQU 96(SI)(BX*8), Y3
	VPXOR   Y4, Y4, Y4
	VPXOR   Y5, Y5, Y5
	VPXOR   Y6, Y6, Y6
	VPXOR   Y7, Y7, Y7
	XORQ    CX, CX

avx2Each:
	CMPQ         CX, R9
	JGE          avx2Store
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
	JMP          avx2Each

avx2Store:
	VMOVDQU Y4, (DI)(BX*8)
	VMOVDQU Y5, 32(DI)(BX*8)
	VMOVDQU Y6, 64(DI)(BX*8)
	VMOVDQU Y7, 96(DI)(BX*8)
	ADDQ    $16, BX
	JMP     avx2Block

avx2Done:
	VZEROUPPER
	RET

// func countBelowAVX512(keys []int64, n int, ranks []int64)
//
// As countBelowAVX2, with thirty-two keys a block (Z0...Z3): a compare
// sets a mask, and the counts Z4...Z7 subtract -1 (Z9) under it. Only
// Z0...Z15 are used, which VZEROUPPER clears.
TEXT ·countBelowAVX512(SB), NOSPLIT, $0-56
	MOVQ       keys_base+0(FP), SI
	MOVQ       keys_len+8(FP), R8
	MOVQ       n+24(FP), R9
	MOVQ       ranks_base+32(FP), DI
	VPTERNLOGQ $0xff, Z9, Z9, Z9
	XORQ       BX, BX

zBlock:
	CMPQ      BX, R8
	JGE       zDone
	VMOVDQU64 (SI)(BX*8), Z0
	VMOVDQU64 64(SI)(BX*8), Z1
	VMOVDQU64 128(SI)(BX*8), Z2
	VMOVDQU64 192(SI)(BX*8), Z3
	VPXORQ    Z4, Z4, Z4
	VPXORQ    Z5, Z5, Z5
	VPXORQ    Z6, Z6, Z6
	VPXORQ    Z7, Z7, Z7
	XORQ      CX, CX

zEach:
	CMPQ         CX, R9
	JGE          zStore
	VPBROADCASTQ (SI)(CX*8), Z8
	VPCMPGTQ     Z8, Z0, K1
	VPCMPGTQ     Z8, Z1, K2
	VPCMPGTQ     Z8, Z2, K3
	VPCMPGTQ     Z8, Z3, K4
	VPSUBQ       Z9, Z4, K1, Z4
	VPSUBQ       Z9, Z5, K2, Z5
	VPSUBQ       Z9, Z6, K3, Z6
	VPSUBQ       Z9, Z7, K4, Z7
	INCQ         CX
	JMP          zEach

zStore:
	VMOVDQU64 Z4, (DI)(BX*8)
	VMOVDQU64 Z5, 64(DI)(BX*8)
	VMOVDQU64 Z6, 128(DI)(BX*8)
	VMOVDQU64 Z7, 192(DI)(BX*8)
	ADDQ      $32, BX
	JMP       zBlock

zDone:
	VZEROUPPER
	RET

//go:build amd64 && !purego

#include "textflag.h"

// func bitHitsAVX2(bits []uint64, ids []int32) uint64
// Eight ids a pass: each one's 32-bit word of bits is gathered (lanes
// whose id is negative or past the end of bits are not read and stay
// zero), its bit
// shifted to the lane's top, and the eight tops taken as a byte.
TEXT ·bitHitsAVX2(SB), NOSPLIT, $0-56
	MOVQ bits_base+0(FP), SI
	MOVQ bits_len+8(FP), AX
	SHLQ $6, AX                // bits in all: the first id not held
	MOVQ AX, X7
	VPBROADCASTD X7, Y7
	MOVL $31, DX
	MOVQ DX, X6
	VPBROADCASTD X6, Y6
	VPCMPEQD Y5, Y5, Y5        // -1 in every lane
	MOVQ ids_base+24(FP), DI
	MOVQ ids_len+32(FP), CX
	XORQ R8, R8                // the hits
	XORQ R9, R9                // the place of this pass's first

loop:
	CMPQ CX, $8
	JLT  done
	VMOVDQU (DI), Y0           // eight ids
	VPCMPGTD Y0, Y7, Y1        // the lanes whose id is below the end of bits
	VPCMPGTD Y5, Y0, Y8        // and not negative
	VPAND Y8, Y1, Y1
	VPSRLD $5, Y0, Y2          // each id's 32-bit word
	VPXOR Y3, Y3, Y3
	VPGATHERDD Y1, (SI)(Y2*4), Y3
	VPAND Y6, Y0, Y4           // id % 32
	VPSUBD Y4, Y6, Y4          // 31 - id % 32
	VPSLLVD Y4, Y3, Y3         // the id's bit at the lane's top
	VMOVMSKPS Y3, AX
	SHLXQ R9, AX, AX
	ORQ  AX, R8
	ADDQ $8, R9
	ADDQ $32, DI
	SUBQ $8, CX
	JMP  loop

done:
	VZEROUPPER
	MOVQ R8, ret+48(FP)
	RET

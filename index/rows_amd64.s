//go:build amd64 && !purego

#include "textflag.h"

// func addRowAVX(score, row []float64)
//
// DI: score; SI: row; CX: len(score); BX: CX rounded down to 4; AX: i.
TEXT ·addRowAVX(SB), NOSPLIT, $0-48
	MOVQ score_base+0(FP), DI
	MOVQ score_len+8(FP), CX
	MOVQ row_base+24(FP), SI
	MOVQ CX, BX
	ANDQ $-4, BX
	XORQ AX, AX

add4:
	CMPQ    AX, BX
	JGE     add1
	VMOVUPD (DI)(AX*8), Y0
	VADDPD  (SI)(AX*8), Y0, Y0
	VMOVUPD Y0, (DI)(AX*8)
	ADDQ    $4, AX
	JMP     add4

add1:
	CMPQ   AX, CX
	JGE    addDone
	VMOVSD (DI)(AX*8), X0
	VADDSD (SI)(AX*8), X0, X0
	VMOVSD X0, (DI)(AX*8)
	INCQ   AX
	JMP    add1

addDone:
	VZEROUPPER
	RET

// func addRowScoresAVX(score, tf []float64, wIDF, k1 float64)
//
// DI: score; SI: tf; CX: len(score); BX: CX rounded down to 4; AX: i;
// Y4: wIDF; Y5: k1. Each lane: score + (wIDF·tf) / (k1 + tf).
TEXT ·addRowScoresAVX(SB), NOSPLIT, $0-64
	MOVQ         score_base+0(FP), DI
	MOVQ         score_len+8(FP), CX
	MOVQ         tf_base+24(FP), SI
	VBROADCASTSD wIDF+48(FP), Y4
	VBROADCASTSD k1+56(FP), Y5
	MOVQ         CX, BX
	ANDQ         $-4, BX
	XORQ         AX, AX

scores4:
	CMPQ    AX, BX
	JGE     scores1
	VMOVUPD (SI)(AX*8), Y1
	VMULPD  Y1, Y4, Y2
	VADDPD  Y1, Y5, Y3
	VDIVPD  Y3, Y2, Y2
	VADDPD  (DI)(AX*8), Y2, Y2
	VMOVUPD Y2, (DI)(AX*8)
	ADDQ    $4, AX
	JMP     scores4

scores1:
	CMPQ   AX, CX
	JGE    scoresDone
	VMOVSD (SI)(AX*8), X1
	VMULSD X1, X4, X2
	VADDSD X1, X5, X3
	VDIVSD X3, X2, X2
	VADDSD (DI)(AX*8), X2, X2
	VMOVSD X2, (DI)(AX*8)
	INCQ   AX
	JMP    scores1

scoresDone:
	VZEROUPPER
	RET

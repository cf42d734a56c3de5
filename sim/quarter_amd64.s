//go:build amd64 && !purego

#include "textflag.h"
#include "go_asm.h"

// The quarter's loop for the landscapes with a flip table (quarter_kernel.go): the same steps as
// quarter's general path in quarter.go, statement for statement, with the same draws.
//
// Registers, for the whole loop:
//   DI  k, the tabledKernel          SI  the stream's state s
//   R8  v, the venture               R14 kc, its kind's constants
//   R9  g, its approach              R10 f, its fitness
//   R11 rej, the flips refused       R13 hi, the trial's draw
//   AX BX CX DX R12 R15 and X0 X1: scratch
// and on the stack: the venture's number li, the trials left, the field's first flip row
// and its first word of visited.

// MIX(r, t) is mix64: r = SplitMix64's finalizer of r; t is clobbered.
#define MIX(r, t) \
	MOVQ r, t; SHRQ $30, t; XORQ t, r; IMULQ tabledKernel_mul1(DI), r; \
	MOVQ r, t; SHRQ $27, t; XORQ t, r; IMULQ tabledKernel_mul2(DI), r; \
	MOVQ r, t; SHRQ $31, t; XORQ t, r

// DRAW is next(): s += golden, AX = mix64(s); DX is clobbered.
#define DRAW \
	ADDQ tabledKernel_golden(DI), SI; MOVQ SI, AX; MIX(AX, DX)

// func tabledStretch(k *tabledKernel)
TEXT ·tabledStretch(SB), NOSPLIT, $32-8
	MOVQ k+0(FP), DI
	MOVQ tabledKernel_s(DI), SI

agent:
	MOVQ tabledKernel_i(DI), AX
	CMPQ AX, tabledKernel_n(DI)
	JGE  done
	MOVQ tabledKernel_live(DI), BX
	MOVLQSX (BX)(AX*4), CX
	MOVL CX, li-8(SP)
	SHLQ $5, CX                           // × venture__size, 32 (asserted in quarter_amd64.go)
	ADDQ tabledKernel_vs(DI), CX
	MOVQ CX, R8
	MOVBQZX venture_kind(R8), AX          // 0 … 7
	SHLQ $6, AX                           // × kindConsts__size, 64 (asserted)
	ADDQ tabledKernel_kinds(DI), AX
	MOVQ AX, R14
	DRAW                                  // x
	MOVL venture_geno(R8), R9
	MOVL venture_fit(R8), R10
	MOVL AX, DX
	CMPQ DX, venture_work(R8)
	JCC  cash                             // uint32(x) ≥ work: no technical work this quarter
	MOVQ AX, R13
	SHRQ $32, R13                         // hi: the first trial's draw is x's upper half
	MOVL venture_rej(R8), R11

	// trials = kc.trials, plus kc.resTrials when cash ≥ kc.resThr
	MOVQ kindConsts_trials(R14), R12
	MOVQ kindConsts_resTrials(R14), AX
	XORL DX, DX
	MOVSS venture_cash(R8), X0
	UCOMISS kindConsts_resThr(R14), X0
	CMOVQCS DX, AX                        // below (or unordered): no resource trials
	ADDQ AX, R12
	MOVQ R12, trials-16(SP)

	// the field's first row of the flip table (32 rows of 2048 bytes a field), and the address
	// of its first word of visited (its approaches start at bit field << bits)
	MOVBQZX venture_field(R8), AX
	MOVQ AX, DX
	SHLQ $16, DX
	ADDQ tabledKernel_flip(DI), DX
	MOVQ DX, rows-24(SP)
	MOVQ tabledKernel_bits(DI), CX
	SHLQ CX, AX
	SHRQ $3, AX                           // bits ≥ 6: the field's first word, in bytes
	ADDQ tabledKernel_visited(DI), AX
	MOVQ AX, words-32(SP)

trial:
	MOVL R13, AX
	ANDL $0xffff, AX
	CMPL AX, kindConsts_jump(R14)
	JCS  jump                             // explorers only: kc.jump is 0 for the others

	// A one-bit trial: b = hi·bits >> 32, c = g ^ 1<<b, fc = f + the flip table's change.
	MOVQ R13, AX
	IMULQ tabledKernel_bits(DI), AX
	SHRQ $32, AX                          // AX = b
	MOVQ R9, BX
	IMULQ tabledKernel_tri(DI), BX
	MOVQ tabledKernel_off(DI), CX
	ADDQ AX, CX
	SHRQ CX, BX                           // BX = the window of g around b
	MOVQ AX, DX
	SHLQ $11, DX
	ADDQ rows-24(SP), DX                  // DX = b's row
	MOVBQZX BX, CX
	MOVL (DX)(CX*4), CX
	SHRQ $3, BX
	MOVBQZX BX, BX
	ADDL 1024(DX)(BX*4), CX               // flipRow.change
	ADDL R10, CX                          // CX = fc
	MOVL R9, BX
	BTCL AX, BX                           // BX = c
	// Q, a candidate: not refused before from this approach, and not more than slack worse;
	// P: a candidate and better. rej takes b now; an acceptance clears it below.
	MOVL R10, DX
	SUBL kindConsts_slack(R14), DX
	XORL R12, R12
	XORL R15, R15
	CMPL CX, DX
	SETGE R12B
	BTSL AX, R11                          // CF = refused before
	SETCC R15B
	ANDL R15, R12                         // R12 = Q
	CMPL CX, R10
	SETGT R15B                            // (R15 is 0 or 1: its upper bytes are 0)
	ANDL R12, R15                         // R15 = P
	JMP  visit

jump:
	// A long jump: jump_bits random bits flipped one at a time, from the flip table.
	MOVL R9, BX                           // c
	MOVL R10, R12                         // fc
	MOVQ tabledKernel_jumpBits(DI), R15
jumpbit:
	DRAW
	SHRQ $32, AX
	IMULQ tabledKernel_bits(DI), AX
	SHRQ $32, AX                          // AX = b
	MOVQ BX, R13
	IMULQ tabledKernel_tri(DI), R13
	MOVQ tabledKernel_off(DI), CX
	ADDQ AX, CX
	SHRQ CX, R13                          // the window of c around b
	MOVQ AX, DX
	SHLQ $11, DX
	ADDQ rows-24(SP), DX
	MOVBQZX R13, CX
	ADDL (DX)(CX*4), R12
	SHRQ $3, R13
	MOVBQZX R13, R13
	ADDL 1024(DX)(R13*4), R12
	BTCL AX, BX
	DECQ R15
	JNZ  jumpbit
	MOVL R12, CX                          // CX = fc
	// Q: not more than slack worse (accepted if unvisited); P: better (accepted).
	MOVL R10, DX
	SUBL kindConsts_slack(R14), DX
	XORL R12, R12
	CMPL CX, DX
	SETGE R12B
	XORL R15, R15
	CMPL CX, R10
	SETGT R15B

visit:
	// BX = c, CX = fc, R12 = Q, R15 = P. Accepted = P or (Q and unvisited).
	MOVL BX, R13
	SHRL $6, R13
	SHLQ $3, R13
	ADDQ words-32(SP), R13                // R13 = &visited[key>>6], key = field<<bits | c
	MOVQ (R13), AX
	BTSQ BX, AX                           // CF = visited (bit key&63 = c&63); AX = the word with key marked
	SBBL DX, DX
	INCL DX                               // DX = unvisited
	ANDL DX, R12
	ORL  R15, R12                         // R12 = accepted
	ANDL R12, DX                          // DX = fresh: accepted and unvisited
	MOVQ (R13), R15
	TESTL DX, DX
	CMOVQNE AX, R15
	MOVQ R15, (R13)                       // marked when fresh
	ADDQ DX, tabledKernel_distinct(DI)
	TESTL R12, R12
	CMOVLNE BX, R9                        // g = c
	CMOVLNE CX, R10                       // f = fc
	DECL R12
	ANDL R12, R11                         // rej = 0 when accepted

	// touched: the word's number, kept when fresh, until the list is full (the reset then
	// clears the whole of visited)
	MOVQ tabledKernel_nTouched(DI), AX
	CMPQ AX, tabledKernel_capTouched(DI)
	JGE  overflow
	MOVQ R13, R15
	SUBQ tabledKernel_visited(DI), R15
	SHRQ $3, R15
	MOVQ tabledKernel_touched(DI), R12
	MOVL R15, (R12)(AX*4)
	ADDQ DX, AX
	MOVQ AX, tabledKernel_nTouched(DI)
	JMP  landmark
overflow:
	ORQ  DX, tabledKernel_touchAll(DI)

landmark:
	CMPL CX, tabledKernel_landmark(DI)
	JLT  next
	TESTL DX, DX
	JEQ  next
	// A landmark: the team's gains now; its value later, by discover, in the order found.
	MOVB $1, venture_found(R8)
	MOVSS venture_cash(R8), X0
	ADDSS kindConsts_bonusCash(R14), X0
	MOVSS X0, venture_cash(R8)
	MOVQ tabledKernel_nDiscovered(DI), AX
	IMUL3Q $discovery__size, AX, R12
	ADDQ tabledKernel_discovered(DI), R12
	MOVL li-8(SP), R15
	MOVL R15, discovery_i(R12)
	MOVL BX, discovery_g(R12)
	MOVL CX, discovery_f(R12)
	INCQ AX
	MOVQ AX, tabledKernel_nDiscovered(DI)
	CMPQ AX, tabledKernel_stopAt(DI)
	JLE  next
	MOVQ tabledKernel_i(DI), AX           // no room for another venture's landmarks:
	INCQ AX                               // stop after this one
	MOVQ AX, tabledKernel_n(DI)

next:
	DECQ trials-16(SP)
	JLE  worked
	DRAW
	SHRQ $32, AX
	MOVQ AX, R13
	JMP  trial

worked:
	MOVL R9, venture_geno(R8)
	MOVL R10, venture_fit(R8)
	MOVL R11, venture_rej(R8)

cash:
	// c = cash − burn + revenue[f ≥ viable], in float32 as the Go code rounds it
	MOVSS venture_cash(R8), X0
	SUBSS kindConsts_burn(R14), X0
	XORL AX, AX
	CMPL R10, tabledKernel_viable(DI)
	SETGE AL
	ADDSS kindConsts_revenue(R14)(AX*4), X0
	XORPS X1, X1
	UCOMISS X0, X1
	JLS  keep                             // not below zero
	DRAW                                  // failed: try again with probability tolerance
	MOVL AX, AX
	CMPQ AX, tabledKernel_tolThr(DI)
	JCC  leave
	MOVSS kindConsts_startCash(R14), X0
	INCQ tabledKernel_restarts(DI)
	MOVB $1, venture_failed(R8)

keep:
	MOVSS X0, venture_cash(R8)
	MOVQ tabledKernel_kept(DI), AX
	MOVQ tabledKernel_live(DI), BX
	MOVL li-8(SP), CX
	MOVL CX, (BX)(AX*4)
	INCQ AX
	MOVQ AX, tabledKernel_kept(DI)
	INCQ tabledKernel_i(DI)
	JMP  agent

leave:
	MOVL $0, venture_cash(R8)
	INCQ tabledKernel_i(DI)
	JMP  agent

done:
	MOVQ SI, tabledKernel_s(DI)
	RET

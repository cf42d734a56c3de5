package i18n

// The portal's proofs of published decisions: a program's decisions in the decision ledger with
// their inclusion proofs, and the offline bundle; and the changes between a policy's versions.
func init() {
	Register(Zh, map[string]string{
		"public.policy_changes": "与第 %d 版相比的变化",
		"proofs.heading":        "核验已公布的决策",
		"proofs.lead":           "输入计划编号，查看该计划已公布的决策（计划发布、状态变更、遴选、抽签承诺、抽签）在决策账本中的条目，以及证明它们包含在上面签名树头中的包含证明。",
		"proofs.program":        "计划编号",
		"proofs.lookup":         "查询",
		"proofs.none":           "该计划尚无已公布的决策记入账本。",
		"proofs.index":          "条目序号",
		"proofs.kind":           "决策",
		"proofs.leaf":           "叶哈希",
		"proofs.path":           "证明长度",
		"proofs.download":       "下载离线证明包（JSON）：条目原文、包含证明、签名树头和公钥",
		"proofs.how":            "离线核验：每个条目的叶哈希为 SHA-256(0x00 ‖ 条目原文)；按 RFC 9162 用包含证明从叶哈希逐层算到根，应等于签名树头的根；树头签名可用公钥以 openssl 验证。也可以运行：",
		"proofs.why_not_all":    "整本账本的离线包含评审专家申报的利益关系等个人信息，不对外公开；公开的是与已公布决策相关的条目及其证明，它们足以证明这些决策记在本局签名的同一本账本中。",
		"proofs.from_lottery":   "本计划的抽签承诺与抽签在决策账本中的条目和包含证明",
	})
	Register(En, map[string]string{
		"public.policy_changes": "Changes from version %d",
		"proofs.heading":        "Check a published decision",
		"proofs.lead":           "Give a program's number to see its published decisions (the call's publication, its changes of state, the selection, the lottery's commitment and draw) as entries of the decision ledger, with the proofs that they are in the tree of the signed head above.",
		"proofs.program":        "Program number",
		"proofs.lookup":         "Look up",
		"proofs.none":           "No published decision about this program is in the ledger yet.",
		"proofs.index":          "Entry",
		"proofs.kind":           "Decision",
		"proofs.leaf":           "Leaf hash",
		"proofs.path":           "Proof length",
		"proofs.download":       "Download the offline bundle (JSON): the entries, their inclusion proofs, the signed head and the public keys",
		"proofs.how":            "To check offline: each entry's leaf hash is SHA-256(0x00 ‖ entry); fold the inclusion proof from the leaf up as RFC 9162 says, and the result must be the signed head's root; the head's signature checks with the public key in openssl. Or run:",
		"proofs.why_not_all":    "The whole ledger's offline bundle holds personal data, such as the relations reviewers declare, and is not public; the entries of the published decisions and their proofs are, and they prove that these decisions are in the same ledger the bureau signs.",
		"proofs.from_lottery":   "This program's lottery commitment and draw as entries of the decision ledger, with inclusion proofs",
	})
}

// The sync panel's texts for records that stop the queue (docs/decisions/0041), zh-CN first; merged under the
// 'syncQueue' key (t('syncQueue.…')) by src/renderer/i18n/features.ts.
export const zhCN = {
  title: '需要处理的记录（{{n}}）',
  lead: '总部多次无法接收下列记录。收银机已逐条重发找出它们，前后的记录照常同步；请店长查看原因，必要时导出原始记录交总部处理。',
  state: {
    attention: '反复失败（单独发送 {{n}} 次）',
    quarantining: '已隔离，正在通知总部',
    quarantined: '已隔离，总部已登记；原始记录保存在本机',
  },
  receipt: '小票 {{no}}',
  entity: '记录 {{id}}',
  error: '错误：{{error}}',
  // Nested as the mutation type's dots: t(`syncQueue.type.${type}`).
  type: {
    sale: { completed: '销售', voided: '作废' },
    pickup: { handedOver: '提货交付', readied: '备货完成' },
    shift: { opened: '开班', closed: '交班（Z 报表）' },
    cash: { moved: '现金收支' },
    refund: { completed: '退货' },
    audit: { appended: '审计日志' },
    mutation: { quarantined: '隔离记录' },
  },
  export: '导出隔离的原始记录',
  exported: '已导出 {{n}} 条隔离的原始记录',
};

export const en: typeof zhCN = {
  title: 'Records needing attention ({{n}})',
  lead: 'The CRM kept failing these records. The till found them by sending one at a time; the records around them sync as usual. A manager should look at the cause and, if needed, export the originals for head office.',
  state: {
    attention: 'Keeps failing (sent alone {{n}} times)',
    quarantining: 'Quarantined, telling the CRM',
    quarantined: 'Quarantined and recorded by the CRM; the original is kept on this till',
  },
  receipt: 'Receipt {{no}}',
  entity: 'Record {{id}}',
  error: 'Error: {{error}}',
  type: {
    sale: { completed: 'Sale', voided: 'Void' },
    pickup: { handedOver: 'Pickup handover', readied: 'Pickup readied' },
    shift: { opened: 'Shift opened', closed: 'Shift close (Z report)' },
    cash: { moved: 'Cash movement' },
    refund: { completed: 'Refund' },
    audit: { appended: 'Audit log' },
    mutation: { quarantined: 'Quarantine' },
  },
  export: 'Export quarantined originals',
  exported: 'Exported {{n}} quarantined originals',
};

// The member feature's texts, zh-CN first; merged under the 'member' key (t('member.…')) by src/renderer/i18n/index.ts.
export const zhCN = {
  title: '会员',
  comingLater: '会员功能将在会员模块上线后开放',
};

export const en: typeof zhCN = {
  title: 'Member',
  comingLater: 'Membership arrives with the membership module',
};

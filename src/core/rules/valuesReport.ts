/** What several values rules share in their reports. */

/** The title of the fix that trims an entry, for the messages of each rule that offers it. */
export const REMOVE_BLANKS_MESSAGES = {
  removeBlanks: { en: 'Remove the blanks', 'zh-cn': '删除空格' },
};

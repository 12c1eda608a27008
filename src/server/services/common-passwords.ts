/**
 * About 250 of the passwords people choose most, lower case: the international lists (SplashData,
 * NordPass) and those leaked from Chinese sites (CSDN, 12306, QQ): number runs, keyboard walks, 我爱你
 * (woaini, 520, 1314) and pinyin words. Most are shorter than the 12 characters a staff password needs and
 * are refused for that already; they stay so the list holds whatever the length limit is. Server only:
 * the client does not need to download it to say "too common".
 */
// words separated by white space, in groups
const GROUPS = {
  // number runs and repeats
  numbers: `
    123456 123456789 12345678 1234567 12345 1234567890 12345678910 123456789012 1234567890123
    12345678901234 111111 000000 666666 888888 123123 112233 11223344 111111111111 000000000000
    666666666666 888888888888 123123123123 121212121212 123321123321 123456123456 123456654321 987654321
    9876543210 987654321012 654321 147258369 147258369123 159357 159753456852 741852963 963852741
    789456123 13579246810 135792468 246813579 31415926 3141592653 314159265358 19491001
  `,
  // 我爱你: 520 / 521 (我爱你), 1314 (一生一世), 7758 (亲亲我吧)
  love: `
    5201314 1314520 5211314 520520 1314521 5201314520 52013145201314 13145201314520 7758521 7758258
    584520 woaini woaini1314 woaini520 woaini123 woaini123456 woaini1314520 woaini5201314 woaini131452
    1314520woaini 5201314woaini woainimama woaibaobao woaiwojia woaizhongguo woaishanghai woaiwolaopo
    aini1314 aini1314520 laopo520 laogong520 baobao520 iloveyou iloveyou1314 iloveyou1234 iloveyou123456
  `,
  // QQ and letters in front of numbers
  letters: `
    qq123456 qq5201314 qq1234567890 qq123456789 a123456 a12345678 a123456789 a1234567890 a123456789a
    aa123456 aa1234567890 abc123 abc123456 abc123456789 abcd1234 abcd12345678 abcdefg12345 abcdefghijkl
    aaaaaaaaaaaa 123456a 123456abc 1234567890a 1234567890abc 1234567890qwe a1b2c3d4e5f6 zz123456
  `,
  // keyboard walks
  keyboard: `
    1qaz2wsx 1qaz2wsx3edc 1qaz2wsx3edc4rfv 1qaz@wsx3edc !qaz2wsx#edc 1qazxsw23edc qazwsxedc qazwsxedc123
    qazwsxedcrfv qazwsxedcrfvtgb 1q2w3e4r 1q2w3e4r5t 1q2w3e4r5t6y 1q2w3e4r5t6y7u q1w2e3r4t5y6 qwerty
    qwerty123 qwerty123456 123456qwerty qwertyuiop qwertyuiop123 qwertyuiopasdf qwertyuiopasdfghjkl
    qwer1234 1234qwer 1234qwerasdf qweasdzxc qweasdzxc123 qwe123 123qwe 123qweasd 123qweasdzxc asdfghjkl
    asdfghjkl123 asdfghjklqwe asd123 asdf1234 asdfasdfasdf zxcvbnm zxcvbnm123 zxcvbnm123456 zxc123
    zaq12wsx zaq1xsw2cde3 !@#$%^&*() !@#$%^&*()_+
  `,
  // password, admin and friends
  defaults: `
    password password1 password123 password1234 password123456 password12345678 passw0rd passw0rd1234
    p@ssw0rd p@ssw0rd1234 p@ssword1234 p@ssw0rd123456 admin admin123 admin888 admin1234 admin123456
    admin1234567 admin123456789 admin@123 admin@123456 administrator administrator1 root123456
    root12345678 welcome welcome123 welcome12345 changeme changeme1234 letmein letmein12345 test123456
    test12345678 guest123456 default12345 computer1234 internet1234
  `,
  // pinyin words, names, places and the government itself
  pinyin: `
    nihao nihao123 nihao123456 nihao1234567 nihaoma woshishui wodemima mima123456 mimamima mimamimamima
    zhangwei zhangwei123456 wangwei wangwei123456 wangyu liwei123456 liuyang123456 chenjie123456
    huang123 xiaoming xiaoming123456 zhongguo zhongguo123 zhongguo123456 china123 china1234567
    china123456789 zhonghua zhonghuarenmin beijing beijing123456 beijing2008 shanghai shanghai123
    shanghai123456 shanghai2024 shanghai2025 shanghai2026 pudong123456 jiading123456 zhengfu123456
    zhengwu123456 gongkai123456 gongkai12345678 dearbook xiaobao123456 baobao123456 tiantian
    tiantian123456 fuckyou dragon monkey sunshine princess football baseball superman batman starwars
    trustno1
  `,
}

const COMMON_SET: ReadonlySet<string> = new Set(Object.values(GROUPS).join(' ').trim().split(/\s+/))

/** The size of the list, for the docs and a test that it stays what it says. */
export const COMMON_PASSWORD_COUNT = COMMON_SET.size

/** True when the password is on the list, whatever the case of its letters. */
export function isCommonPassword(password: string): boolean {
  return COMMON_SET.has(password.toLowerCase())
}

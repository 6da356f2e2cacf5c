#!/usr/bin/env bash
# Makes the center's default prompts (server/media/prompts/<lang>/*.wav, 8 kHz mono 16-bit PCM)
# with espeak-ng (speech) and sox (resampling, trimming, the music). Run it again after changing a
# phrase; the WAVs are committed so a center needs neither tool.
#   welcome        the queue's greeting (says the call may be recorded)
#   out-of-hours   R-19: the line is closed (the script's outside_service_hours phrase, as a prompt)
#   ahead-before N ahead-after   queue position: 「您前面还有 N 位来电在等候」
#   wait-before N wait-after     expected wait: 「预计等待 N 分钟」
#   more-than                    said before 20 when a number exceeds 20
#   n-0 … n-20                   the numbers
#   ../music-on-hold.wav         a soft synthesized tune (no recorded music: nothing copyrighted)
set -euo pipefail
cd "$(dirname "$0")/../server/media/prompts"
command -v espeak-ng >/dev/null && command -v sox >/dev/null || { echo "needs espeak-ng and sox" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# say LANG NAME TEXT: speak, trim leading/trailing silence, 8 kHz mono 16-bit.
say() {
  local voice=$1 name=$2 text=$3 dir=$4
  mkdir -p "$dir"
  espeak-ng -v "$voice" -s 175 -w "$tmp/raw.wav" "$text"
  sox "$tmp/raw.wav" -r 8000 -c 1 -b 16 -e signed-integer "$dir/$name.wav" \
    silence 1 0.02 0.5% reverse silence 1 0.02 0.5% reverse pad 0 0.15 gain -n -3
}

zh_numbers=(零 一 二 三 四 五 六 七 八 九 十 十一 十二 十三 十四 十五 十六 十七 十八 十九 二十)
en_numbers=(zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty)

say cmn welcome '您好，欢迎致电服务专线，您的通话可能会被录音，请稍候。' zh
say cmn out-of-hours '抱歉，目前不是工作时间，请您在工作时间再拨打，再见。' zh
say cmn ahead-before '您前面还有' zh
say cmn ahead-after '位来电在等候。' zh
say cmn wait-before '预计等待' zh
say cmn wait-after '分钟。' zh
say cmn more-than '超过' zh
for i in "${!zh_numbers[@]}"; do say cmn "n-$i" "${zh_numbers[$i]}" zh; done

say en-us welcome 'Welcome to the service line. Your call may be recorded. Please hold.' en
say en-us out-of-hours 'Sorry, we are closed now. Please call again during service hours. Goodbye.' en
say en-us ahead-before 'There are' en
say en-us ahead-after 'callers ahead of you.' en
say en-us wait-before 'Your expected wait is' en
say en-us wait-after 'minutes.' en
say en-us more-than 'more than' en
for i in "${!en_numbers[@]}"; do say en-us "n-$i" "${en_numbers[$i]}" en; done

# Music on hold: a slow arpeggio of soft sine tones (C major, A minor, F, G), faded in and out so
# it loops without a click, at a low level so it never startles.
notes=(261.63 329.63 392.00 329.63  220.00 261.63 329.63 261.63  174.61 220.00 261.63 220.00  196.00 246.94 293.66 246.94)
parts=()
for i in "${!notes[@]}"; do
  sox -n -r 8000 -c 1 -b 16 "$tmp/note-$i.wav" synth 0.75 sine "${notes[$i]}" sine "$(echo "${notes[$i]} * 2" | bc)" remix 1-2 fade q 0.05 0.75 0.3 vol 0.25
  parts+=("$tmp/note-$i.wav")
done
sox "${parts[@]}" "$tmp/music.wav"
sox "$tmp/music.wav" -r 8000 -c 1 -b 16 -e signed-integer music-on-hold.wav fade t 0.2 0 0.2
du -cb ./*.wav ./*/*.wav | tail -1  # keep the total under 1.5 MB

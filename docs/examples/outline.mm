<map version="1.0.1">
<!-- A small manual section as a FreeMind map. See docs/formats.md. -->
<node ID="ID_1" TEXT="相談対応手順書（抜粋）">
<node ID="ID_2" TEXT="【ガイドブック】に沿った案件別FAQ">
<node ID="ID_3" TEXT="05.マルウェア（ウイルス）による被害">
<node ID="ID_4" TEXT="052.ランサムウェアを使った詐欺・恐喝">
<node ID="ID_5" TEXT="ランサムウェアに感染したらどうすればよいか？">
<attribute NAME="soudan:question" VALUE="true"/>
<icon BUILTIN="flag"/>
<arrowlink DESTINATION="ID_6"/>
<node TEXT="ネットワークから切り離し、証拠を保全してください。"/>
<node TEXT="【届出】被害の証拠を揃えて、所轄の警察署へ"/>
</node>
<node ID="ID_6" TEXT="ランサムウェア標準回答">
<node TEXT="身代金は支払わないでください。"/>
<node TEXT="復号ツールの有無を確認してください。" LINK="https://www.nomoreransom.org/ja/index.html"/>
<node TEXT="【相談】IPA情報セキュリティ安心相談窓口"/>
</node>
<node ID="ID_7" TEXT="ケース1">
<node>
<richcontent TYPE="NODE"><html><head></head><body>
<p>社内のファイルサーバが暗号化された。</p>
<p>バックアップから復旧するよう助言した。</p>
</body></html></richcontent>
</node>
</node>
</node>
<node ID="ID_8" TEXT="06.フィッシング詐欺・なりすまし">
<attribute NAME="soudan:heading" VALUE="true"/>
</node>
</node>
</node>
</node>
</map>

<map version="freeplane 1.9.13">
<!--To view this file, download free mind mapping software Freeplane from https://www.freeplane.org -->
<node TEXT="相談対応マニュアル" ID="ID_root">
<node TEXT="【ガイドブック】に沿った案件別FAQ" ID="ID_faq">
<node TEXT="05.マルウェア" ID="ID_05">
<node TEXT="ランサムウェアに感染した?" ID="ID_ransom">
<attribute NAME="soudan:question" VALUE="true"/>
<icon BUILTIN="flag"/>
<node TEXT="ネットワークから切り離してください。"/>
<node TEXT="【届出】被害の証拠を揃えて、所轄の警察署へ" LINK="https://www.npa.go.jp/">
<arrowlink DESTINATION="ID_std" ENDARROW="Default"/>
</node>
<node ID="ID_rich">
<richcontent TYPE="NODE"><html>
  <head><style>p { margin: 0 }</style></head>
  <body>
    <p>復号ツールの有無は</p>
    <p>No More Ransom &amp; IPA で確認</p>
  </body>
</html></richcontent>
</node>
</node>
<node TEXT="ランサムウェア標準回答" ID="ID_std">
<node TEXT="身代金は支払わないでください。"/>
<node TEXT="【相談】IPA情報セキュリティ安心相談窓口"/>
</node>
<node TEXT="ケース１">
<node TEXT="ファイルサーバが暗号化された。"/>
</node>
<node TEXT="06.フィッシング"/>
</node>
</node>
<node TEXT="受付手順">
<node TEXT="相談者の立場を確認する"/>
<node TEXT="01.見出しではない行">
<attribute NAME="soudan:heading" VALUE="false"/>
</node>
<node TEXT="まとめ">
<attribute NAME="soudan:heading" VALUE="true"/>
</node>
</node>
</node>
</map>

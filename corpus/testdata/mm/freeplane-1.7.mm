<map version="freeplane 1.7.0">
<!--To view this file, download free mind mapping software Freeplane from http://freeplane.sourceforge.net -->
<node TEXT="相談対応手順書（Freeplane 1.7）" FOLDED="false" ID="ID_191153586" CREATED="1600000000000" MODIFIED="1600000900000" STYLE="oval">
<font SIZE="18"/>
<hook NAME="MapStyle">
    <properties edgeColorConfiguration="#808080ff,#ff0000ff,#0000ffff,#00ff00ff" fit_to_viewport="false"/>

<map_styles>
<stylenode LOCALIZED_TEXT="styles.root_node" STYLE="oval" UNIFORM_SHAPE="true" VGAP_QUANTITY="24.0 pt">
<font SIZE="24"/>
<stylenode LOCALIZED_TEXT="styles.predefined" POSITION="right" STYLE="bubble">
<stylenode LOCALIZED_TEXT="default" ICON_SIZE="12.0 pt" COLOR="#000000" STYLE="fork">
<font NAME="SansSerif" SIZE="10" BOLD="false" ITALIC="false"/>
</stylenode>
<stylenode LOCALIZED_TEXT="defaultstyle.details"/>
<stylenode LOCALIZED_TEXT="defaultstyle.attributes">
<font SIZE="9"/>
</stylenode>
<stylenode LOCALIZED_TEXT="defaultstyle.note" COLOR="#000000" BACKGROUND_COLOR="#ffffff" TEXT_ALIGN="LEFT"/>
<stylenode LOCALIZED_TEXT="defaultstyle.floating">
<edge STYLE="hide_edge"/>
<cloud COLOR="#f0f0f0" SHAPE="ROUND_RECT"/>
</stylenode>
</stylenode>
<stylenode LOCALIZED_TEXT="styles.user-defined" POSITION="right" STYLE="bubble">
<stylenode LOCALIZED_TEXT="styles.topic" COLOR="#18898b" STYLE="fork">
<font NAME="Liberation Sans" SIZE="10" BOLD="true"/>
</stylenode>
<stylenode LOCALIZED_TEXT="styles.important">
<icon BUILTIN="yes"/>
</stylenode>
<stylenode TEXT="参照" ID="ID_1277212390">
<arrowlink SHAPE="CUBIC_CURVE" COLOR="#000000" WIDTH="2" TRANSPARENCY="200" FONT_SIZE="9" FONT_FAMILY="SansSerif" DESTINATION="ID_999999999" STARTINCLINATION="40;0;" ENDINCLINATION="40;0;" STARTARROW="NONE" ENDARROW="DEFAULT"/>
</stylenode>
</stylenode>
<stylenode LOCALIZED_TEXT="styles.AutomaticLayout" POSITION="right" STYLE="bubble">
<stylenode LOCALIZED_TEXT="AutomaticLayout.level.root" COLOR="#000000" STYLE="oval">
<font SIZE="18"/>
</stylenode>
<stylenode LOCALIZED_TEXT="AutomaticLayout.level,1" COLOR="#0033ff">
<font SIZE="16"/>
</stylenode>
</stylenode>
</stylenode>
</map_styles>
</hook>
<hook NAME="AutomaticEdgeColor" COUNTER="2" RULE="ON_BRANCH_CREATION"/>
<node TEXT="【ガイドブック】に沿った案件別FAQ" POSITION="right" ID="ID_1380424931" CREATED="1600000001000" MODIFIED="1600000002000">
<edge COLOR="#ff0000"/>
<node TEXT="05.マルウェア（ウイルス）による被害" FOLDED="true" ID="ID_1715313587" CREATED="1600000003000" MODIFIED="1600000004000"><richcontent TYPE="NOTE">

<html>
  <head>
    
  </head>
  <body>
    <p>
      マルウェアによる被害の全体像。【ガイドブック】P.30「マルウェア」を紹介
    </p>
  </body>
</html>
</richcontent>
<node TEXT="ランサムウェアに感染した" ID="ID_1003233026" CREATED="1600000005000" MODIFIED="1600000006000"><richcontent TYPE="DETAILS" HIDDEN="true">

<html>
  <head>
    
  </head>
  <body>
    <p>
      ファイルが暗号化され、身代金を要求された場合
    </p>
  </body>
</html>
</richcontent>
<richcontent TYPE="NOTE">

<html>
  <head>
    <style type="text/css">
      p { margin-top: 0 }
    </style>
  </head>
  <body>
    <p>
      感染した端末を<b>ネットワークから切り離して</b>ください。
    </p>
    <p>
      身代金は支払わないでください。復号ツールは<a href="https://www.nomoreransom.org/ja/index.html">No More Ransom</a>で探せます。
    </p>
    <ol>
      <li>
        被害の証拠を保全する
      </li>
      <li>
        【届出】所轄の警察署へ被害を届け出る
      </li>
    </ol>
  </body>
</html>
</richcontent>
<icon BUILTIN="messagebox_warning"/>
<arrowlink SHAPE="CUBIC_CURVE" COLOR="#000000" WIDTH="2" TRANSPARENCY="200" FONT_SIZE="9" FONT_FAMILY="SansSerif" DESTINATION="ID_1263194034" STARTINCLINATION="97;0;" ENDINCLINATION="97;0;" STARTARROW="NONE" ENDARROW="DEFAULT"/>
<attribute_layout NAME_WIDTH="72.0 pt" VALUE_WIDTH="144.0 pt"/>
<attribute NAME="keywords" VALUE="ランサムウェア, 暗号化, 身代金"/>
<attribute NAME="examples" VALUE="パソコンのファイルが全部開けなくなった｜画面にお金を払えと出ている"/>
</node>
<node TEXT="ランサムウェア標準回答" ID="ID_1263194034" CREATED="1600000007000" MODIFIED="1600000008000">
<icon BUILTIN="button_ok"/>
<node TEXT="●緊急対応" ID="ID_867354976" CREATED="1600000009000" MODIFIED="1600000010000"/>
<node TEXT="【相談】IPA情報セキュリティ安心相談窓口" ID="ID_1100964685" CREATED="1600000011000" MODIFIED="1600000012000"/>
</node>
<node TEXT="ケース１" FOLDED="true" ID="ID_563326968" CREATED="1600000013000" MODIFIED="1600000014000">
<cloud COLOR="#f0f0f0" SHAPE="ARC"/>
<node TEXT="社内のファイルサーバが暗号化された。" ID="ID_1412997850" CREATED="1600000015000" MODIFIED="1600000016000"/>
<node TEXT="バックアップから復旧した。" ID="ID_387950141" CREATED="1600000017000" MODIFIED="1600000018000">
<attribute NAME="対応日" VALUE="2026-10-01"/>
</node>
</node>
</node>
<node TEXT="06.フィッシング" ID="ID_127268972" CREATED="1600000019000" MODIFIED="1600000020000"/>
</node>
</node>
</map>

<map version="freeplane 1.12.1">
<!--To view this file, download free mind mapping software Freeplane from https://www.freeplane.org -->
<attribute_registry SHOW_ATTRIBUTES="selected">
    <attribute_name NAME="キーワード" VISIBLE="true"/>
    <attribute_name NAME="担当">
        <attribute_value VALUE="佐藤"/>
    </attribute_name>
</attribute_registry>
<node TEXT="相談対応マニュアル（Freeplane 1.12）" FOLDED="false" ID="ID_1090958577" CREATED="1700000000000" MODIFIED="1700000900000"><hook NAME="MapStyle" background="#f9f9f8" zoom="1.0">
    <properties show_icon_for_attributes="true" edgeColorConfiguration="#808080ff,#ff0000ff,#0000ffff" show_note_icons="true" fit_to_viewport="false" associatedTemplateLocation="template:/standard-1.6.mm"/>
    <tags category_separator="::"/>

<map_styles>
<stylenode LOCALIZED_TEXT="styles.root_node" STYLE="oval" UNIFORM_SHAPE="true" VGAP_QUANTITY="24 pt">
<font SIZE="24"/>
<stylenode LOCALIZED_TEXT="styles.predefined" POSITION="bottom_or_right" STYLE="bubble">
<stylenode LOCALIZED_TEXT="default" ID="ID_271890427" ICON_SIZE="12 pt" FORMAT_AS_HYPERLINK="false" COLOR="#000000" STYLE="fork" NUMBERED="false" FORMAT="STANDARD_FORMAT" TEXT_ALIGN="DEFAULT" MAX_WIDTH="10 cm" MIN_WIDTH="0 cm" VGAP_QUANTITY="2 pt" BORDER_WIDTH_LIKE_EDGE="false" BORDER_WIDTH="1 px">
<arrowlink SHAPE="CUBIC_CURVE" COLOR="#000000" WIDTH="2" TRANSPARENCY="200" DASH="" FONT_SIZE="9" FONT_FAMILY="SansSerif" DESTINATION="ID_271890427" STARTARROW="NONE" ENDARROW="DEFAULT"/>
<font NAME="SansSerif" SIZE="10" BOLD="false" ITALIC="false"/>
<richcontent TYPE="DETAILS" CONTENT-TYPE="plain/auto"/>
<richcontent TYPE="NOTE" CONTENT-TYPE="plain/auto"/>
</stylenode>
<stylenode LOCALIZED_TEXT="defaultstyle.details"/>
<stylenode LOCALIZED_TEXT="defaultstyle.tags">
<font SIZE="10"/>
</stylenode>
<stylenode LOCALIZED_TEXT="defaultstyle.attributes">
<font SIZE="9"/>
</stylenode>
<stylenode LOCALIZED_TEXT="defaultstyle.note" COLOR="#000000" BACKGROUND_COLOR="#ffffff" TEXT_ALIGN="LEFT"/>
<stylenode LOCALIZED_TEXT="defaultstyle.floating">
<edge STYLE="hide_edge"/>
<cloud COLOR="#f0f0f0" SHAPE="ROUND_RECT"/>
</stylenode>
<stylenode LOCALIZED_TEXT="defaultstyle.selection" BACKGROUND_COLOR="#afd3f7" BORDER_COLOR_LIKE_EDGE="false" BORDER_COLOR="#afd3f7"/>
</stylenode>
<stylenode LOCALIZED_TEXT="styles.user-defined" POSITION="bottom_or_right" STYLE="bubble">
<stylenode LOCALIZED_TEXT="styles.important" ID="ID_67550811">
<icon BUILTIN="yes"/>
<arrowlink COLOR="#003399" TRANSPARENCY="255" DESTINATION="ID_67550811"/>
<font NAME="Ubuntu" SIZE="14"/>
</stylenode>
<stylenode TEXT="回答テンプレート">
<attribute NAME="キーワード" VALUE="テンプレート"/>
<richcontent TYPE="NOTE" CONTENT-TYPE="xml/">
<html>
  <head>

  </head>
  <body>
    <p>
      スタイルのノートは内容ではない
    </p>
  </body>
</html></richcontent>
</stylenode>
</stylenode>
<stylenode LOCALIZED_TEXT="styles.AutomaticLayout" POSITION="bottom_or_right" STYLE="bubble">
<stylenode LOCALIZED_TEXT="AutomaticLayout.level.root" COLOR="#000000" STYLE="oval" SHAPE_HORIZONTAL_MARGIN="10 pt" SHAPE_VERTICAL_MARGIN="10 pt">
<font SIZE="18"/>
</stylenode>
<stylenode LOCALIZED_TEXT="AutomaticLayout.level,1" COLOR="#0033ff">
<font SIZE="16"/>
</stylenode>
</stylenode>
</stylenode>
</map_styles>
</hook>
<hook NAME="AutomaticEdgeColor" COUNTER="3" RULE="ON_BRANCH_CREATION"/>
<font BOLD="true"/>
<node TEXT="平時の備え" POSITION="bottom_or_right" ID="ID_1454397442" CREATED="1700000001000" MODIFIED="1700000002000">
<edge COLOR="#ff0000"/>
<node TEXT="社内のWi-Fiのパスワードはどのくらいの頻度で変えるべきか" ID="ID_445919343" CREATED="1700000003000" MODIFIED="1700000004000"><richcontent TYPE="NOTE" CONTENT-TYPE="xml/">
<html>
  <head>

  </head>
  <body>
    <p>
      定期的な変更よりも、推測されにくい長いパスワードにすることが大切です。
    </p>
    <p>
      退職者が出たとき、漏えいの疑いがあるときは&#160;すぐに変更してください。
    </p>
    <p>
      
    </p>
    <ul>
      <li>
        来客用のWi-Fiは社内用と分けてください。
      </li>
      <li>
        ルーターの管理画面のパスワードも初期値から変えてください。
      </li>
    </ul>
    <p>
      【相談】IPA情報セキュリティ安心相談窓口に相談
    </p>
  </body>
</html></richcontent>
<icon BUILTIN="help"/>
<attribute_layout NAME_WIDTH="60 pt" VALUE_WIDTH="120 pt"/>
<attribute NAME="キーワード" VALUE="Wi-Fi、無線LAN、パスワード変更"/>
<attribute NAME="質問例" VALUE="会社の無線のパスワードっていつ変えればいいの"/>
<attribute NAME="担当" VALUE="佐藤"/>
<attribute NAME="担当" VALUE="鈴木"/>
<attribute NAME="確認日" VALUE="2026-11-20" OBJECT="org.freeplane.features.format.FormattedDate|2026-11-20T00:00+0900|yyyy-MM-dd"/>
<arrowlink SHAPE="CUBIC_CURVE" COLOR="#000000" WIDTH="2" TRANSPARENCY="200" FONT_SIZE="9" FONT_FAMILY="SansSerif" DESTINATION="ID_1946542206" STARTINCLINATION="131.25 pt;0 pt;" ENDINCLINATION="131.25 pt;0 pt;" STARTARROW="NONE" ENDARROW="DEFAULT"/>
</node>
<node ID="ID_1946542206" CREATED="1700000005000" MODIFIED="1700000006000" LINK="https://www.ipa.go.jp/security/anshin/"><richcontent TYPE="NODE">

<html>
  <head>

  </head>
  <body>
    <p>
      <b>パスワード管理</b>の<i>標準回答</i>
    </p>
  </body>
</html>
</richcontent>
<richcontent TYPE="DETAILS" CONTENT-TYPE="plain/auto">
    <text>パスワードは使い回さないでください。
長く、推測されにくいものにしてください。</text>
</richcontent>
<attribute NAME="種別" VALUE="標準回答"/>
</node>
<node TEXT="テレワーク&#xa;のルール" FOLDED="true" ID="ID_955321184" CREATED="1700000007000" MODIFIED="1700000008000">
<icon BUILTIN="idea"/>
<richcontent TYPE="DETAILS" HIDDEN="true" CONTENT-TYPE="xml/">
<html>
  <head>

  </head>
  <body>
    <p>
      社外で使う端末の決まりをまとめる。
    </p>
  </body>
</html></richcontent>
<node TEXT="持ち出す端末は暗号化する" ID="ID_182430064" CREATED="1700000009000" MODIFIED="1700000010000"/>
<node TEXT="公衆Wi-Fiでは VPN を使う" ID="ID_126821" CREATED="1700000011000" MODIFIED="1700000012000">
<attribute NAME="出典" VALUE="社内規程 第3条"/>
</node>
</node>
</node>
<node TEXT="セキュリティ以外" POSITION="top_or_left" ID="ID_396816099" CREATED="1700000013000" MODIFIED="1700000014000">
<edge COLOR="#0000ff"/>
<cloud COLOR="#f0f0f0" SHAPE="ARC"/>
<node TEXT="ネット通販で届いた商品が偽物だった" ID="ID_1567473843" CREATED="1700000015000" MODIFIED="1700000016000"><richcontent TYPE="NOTE" CONTENT-TYPE="plain/">
    <text>購入した店舗と交渉し、解決しない場合は相談するよう伝える。
【相談】消費者ホットライン</text>
</richcontent>
</node>
</node>
</node>
</map>
